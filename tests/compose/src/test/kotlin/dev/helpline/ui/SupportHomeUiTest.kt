@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isEnabled
import dev.helpline.core.Identity
import dev.helpline.core.TicketDraft
import kotlinx.coroutines.runBlocking
import org.junit.Test

/** The support home as a user sees it, against the core and the reference server. */
class SupportHomeUiTest : UiTest() {
    @Test
    fun `the home asks to sign in for chat and requests, offers them once signed in, and counts an agent's answer`() {
        val appId = "compose-support-home"
        server.agentSettings(appId, """{"messaging": {"greeting": "Hi! How can we help?"}}""")
        val helpline = helplineSignedOut(appId)
        val home = helpline.supportHome().closedAfter()
        phoneUiTest({ HelplineSupportHome(home, onHelpCenter = {}, onContact = {}, onTickets = {}, onChat = {}) }) {
            runBlocking { home.refresh() }
            waitFor(hasText("Hi! How can we help?"))
            waitFor(hasText(strings.chat) and hasText(strings.signInFirst) and !isEnabled())
            waitFor(hasText(strings.tickets) and hasText(strings.signInFirst) and !isEnabled())
            waitFor(hasText(strings.helpCenter) and isEnabled())
            screenshots("support-home-signed-out")

            runBlocking { helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null)) }
            waitFor(hasClickAction() and isEnabled() and hasText(strings.chat) and !hasText(strings.signInFirst))
            waitFor(hasClickAction() and isEnabled() and hasText(strings.tickets) and !hasText(strings.signInFirst))
            val tickets = helpline.tickets().closedAfter()
            val created = runBlocking { tickets.create(TicketDraft(subject = "Late order", description = "Where is my order?")) }
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
