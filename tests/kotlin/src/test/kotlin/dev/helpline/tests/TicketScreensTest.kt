package dev.helpline.tests

import dev.helpline.core.DeliveryState
import dev.helpline.core.Identity
import dev.helpline.core.TicketComment
import dev.helpline.core.TicketDraft
import dev.helpline.core.TicketScreenState
import dev.helpline.core.TimelineItem
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.stateIn
import dev.helpline.sdk.ticketScreen
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The ticket list and ticket screens through their StateFlows, against the reference server. */
class TicketScreensTest : ReferenceServerTest() {
    private fun TicketScreenState.comments(): List<TicketComment> =
        timeline.filterIsInstance<TimelineItem.Comment>().map { it.comment }

    @Test
    fun `the list's badge goes once the ticket is on screen, and my reply shows pending then sent`() = runBlocking {
        val helpline = Helpline.open(HelplineConfig(server.baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve("ana").toString()))
            .also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null))
        val tickets = helpline.tickets().also { opened += it }
        val created = tickets.create(TicketDraft(subject = "Late order", description = "Where is my order?"))
        assertEquals(0, helpline.flushOutbox())
        val remoteId = tickets.get(created.id).ticket.remoteId!!
        server.agentReply(remoteId, "It ships tomorrow.")

        val list = helpline.ticketListScreen().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val listed = list.stateIn(scope)
            withTimeout(10_000) {
                val unread = listed.first { !it.refreshing && it.unreadCount == 1 }
                val row = unread.tickets.single()
                assertTrue(row.ticket.unread, "the badge")
                assertEquals("It ships tomorrow.", row.preview)

                val ticket = helpline.ticketScreen(created.id).also { opened += it }
                val shown = ticket.stateIn(scope)
                assertTrue(shown.first { it.comments().size == 2 }.timeline.first() is TimelineItem.Day, "a day first")
                ticket.setVisible(true)
                listed.first { it.unreadCount == 0 && !it.tickets.single().ticket.unread }

                ticket.setReply("Thanks!")
                val comment = ticket.sendReply()
                assertEquals("", shown.first { s -> s.comments().any { it.id == comment.id } }.reply.body, "the composer empties")
                val sent = shown.first { s -> s.comments().any { it.id == comment.id && it.delivery == DeliveryState.Sent } }
                val send = sent.timeline.filterIsInstance<TimelineItem.Comment>().single { it.comment.id == comment.id }.send
                assertEquals(null, send.outboxItem, "nothing left to retry")

                server.agentReply(remoteId, "You're welcome.")
                ticket.refresh() // the user pulls to refresh the open ticket
                val answered = shown.first { s -> s.comments().any { it.body == "You're welcome." } && !s.ticket.unread }
                assertNotNull(answered.comments().single { it.body == "You're welcome." }.author.takeIf { it.isAgent })
                assertEquals(0, tickets.unreadCount(), "read while on screen")
            }
        } finally {
            scope.cancel()
        }
    }
}
