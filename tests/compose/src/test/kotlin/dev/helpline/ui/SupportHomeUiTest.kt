@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import dev.helpline.core.TicketDraft
import kotlinx.coroutines.runBlocking
import org.junit.Test

/** The support home as a user sees it, against the core and the reference server. */
class SupportHomeUiTest : UiTest() {
    @Test
    fun `the home greets, offers chat and requests once signed in, and counts an agent's answer`() {
        val appId = "compose-support-home"
        server.agentSettings(appId, """{"messaging": {"greeting": "Hi! How can we help?"}}""")
        val helpline = helplineAsAna(appId)
        val tickets = helpline.tickets().closedAfter()
        val created = runBlocking { tickets.create(TicketDraft(subject = "Late order", description = "Where is my order?")) }
        val home = helpline.supportHome().closedAfter()
        val strings = EnglishStrings
        var opened = ""
        phoneUiTest({ HelplineSupportHome(home, onHelpCenter = {}, onContact = {}, onTickets = { opened = "tickets" }, onChat = {}) }) {
            runBlocking { home.refresh() }
            waitFor(hasText("Hi! How can we help?"))
            waitFor(hasClickAction() and hasText(strings.chat))
            waitFor(hasClickAction() and hasText(strings.tickets))
            waitFor(hasClickAction() and hasText("Late order"))
            screenshots("support-home")

            val remoteId = runBlocking { helpline.flushOutbox(); tickets.get(created.id).ticket.remoteId!! }
            server.agentReply(remoteId, "It ships tomorrow.")
            runBlocking { helpline.handlePush("""{"helpline": {"kind": "ticket_updated", "ticket_id": $remoteId}}""") }
            waitFor(hasClickAction() and hasText(strings.tickets) and hasContentDescription(strings.unreadCount(1)))
            waitFor(hasClickAction() and hasText("Late order") and hasContentDescription(strings.unread))
            screenshots("support-home-answered")
        }
    }
}
