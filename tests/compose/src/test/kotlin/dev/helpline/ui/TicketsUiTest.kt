@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import dev.helpline.core.TicketDraft
import dev.helpline.sdk.TicketScreen
import dev.helpline.sdk.ticketScreen
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Test

/** The ticket list and a ticket as a user sees them, against the core and the reference server. */
class TicketsUiTest : UiTest() {
    @Test
    fun `an agent's answer shows as unread on the list, opening the ticket shows it, and a reply typed and sent shows sent`() {
        val helpline = helplineAsAna("compose-tickets")
        val tickets = helpline.tickets().closedAfter()
        val remoteId = runBlocking {
            val created = tickets.create(TicketDraft(subject = "Late order", description = "Where is my order?"))
            assertEquals(0, helpline.flushOutbox())
            tickets.get(created.id).ticket.remoteId!!
        }
        server.agentReply(remoteId, "It ships tomorrow.")
        val list = helpline.ticketListScreen().closedAfter()
        var open by mutableStateOf<TicketScreen?>(null)
        phoneUiTest({
            val ticket = open
            if (ticket == null) HelplineTicketList(list, onOpen = { open = helpline.ticketScreen(it).closedAfter() }) else HelplineTicket(ticket)
        }) {
            val row = hasClickAction() and hasText("Late order")
            waitFor(row and hasText("It ships tomorrow.") and hasContentDescription(strings.unread))
            screenshots("ticket-list-unread")

            onNode(row).performClick()
            waitFor(hasText("It ships tomorrow.") and !hasClickAction())
            waitFor(hasText("Where is my order?"))
            onNode(hasSetTextAction()).performTextInput("Thanks!")
            val send = onNodeWithContentDescription(strings.send)
            waitUntil("send enabled", PATIENCE_MS) { runCatching { send.assertIsEnabled() }.isSuccess }
            send.performClick()
            waitFor(hasText("Thanks!", substring = false) and !hasSetTextAction() and hasText(strings.sent, substring = true))
            waitFor(hasSetTextAction() and !hasText("Thanks!"))
            screenshots("ticket-replied")

            // The agent answers while the ticket is open: it shows, and is read (no unread left).
            server.agentReply(remoteId, "You're welcome!")
            // The push the helpdesk sends for it, handed to the SDK as the app's push service does.
            runBlocking { helpline.handlePush("""{"helpline": {"kind": "ticket_updated", "ticket_id": $remoteId}}""") }
            waitFor(hasText("You're welcome!") and !hasSetTextAction())
            waitUntil("the answer read while shown", PATIENCE_MS) { tickets.unreadCount() == 0 }
        }
    }
}
