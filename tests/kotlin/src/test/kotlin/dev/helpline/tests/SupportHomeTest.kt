package dev.helpline.tests

import dev.helpline.core.HomeEntry
import dev.helpline.core.Identity
import dev.helpline.core.TicketDraft
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.stateIn
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The support home screen through its StateFlow, against the reference server. */
class SupportHomeTest : ReferenceServerTest() {
    @Test
    fun `the home's StateFlow shows an agent's answer as a badge, and chat gone once switched off`() = runBlocking {
        val appId = "kotlin-support-home"
        server.agentSettings(appId, """{"messaging": {"greeting": "Hi! How can we help?"}}""")
        val helpline = Helpline.open(
            HelplineConfig(baseUrl = server.baseUrl, appId = appId, clientId = "kotlin-tests", dataDir = dir.resolve("ana").toString()),
        ).also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null))
        val tickets = helpline.tickets().also { opened += it }
        val ticket = tickets.create(TicketDraft(subject = "Late order", description = "Ordered two weeks ago"))
        val home = helpline.supportHome().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val state = home.stateIn(scope)
            withTimeout(10_000) {
                home.refresh()
                val shown = state.first { it.loaded && it.greeting != null && it.openTicketCount == 1 }
                assertEquals("Hi! How can we help?", shown.greeting)
                assertEquals(listOf(HomeEntry.AVAILABLE, HomeEntry.AVAILABLE, HomeEntry.AVAILABLE), listOf(shown.helpCenter, shown.tickets, shown.chat))
                assertEquals(0, helpline.flushOutbox(), "the refresh sent the ticket")

                val remoteId = tickets.get(ticket.id).ticket.remoteId!!
                server.agentReply(remoteId, "It ships tomorrow.")
                helpline.handlePush("""{"helpline": {"kind": "ticket_updated", "ticket_id": $remoteId}}""")
                val answered = state.first { it.unreadTickets == 1 }
                assertTrue(answered.openTickets.single { it.id == ticket.id }.unread, "the badge on the answered ticket")

                server.agentSettings(appId, """{"messaging": {"enabled": false}}""")
                home.refresh()
                val chatOff = state.first { it.chat == HomeEntry.OFF }
                assertEquals(HomeEntry.AVAILABLE, chatOff.tickets, "the rest stays")
                assertTrue(chatOff.refreshFailures.isEmpty(), chatOff.toString())
            }
        } finally {
            scope.cancel()
        }
    }
}
