@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import dev.helpline.sdk.chatScreen
import org.junit.Assert.assertTrue
import org.junit.Test

/** A whole chat as a user lives it: the bot's form, the agent typing and answering, the end and its rating. */
class ChatJourneyUiTest : UiTest() {
    private val hasError = SemanticsMatcher.keyIsDefined(SemanticsProperties.Error)

    @Test
    fun `the bot's order form refuses an empty required field on that field, then takes the answers`() {
        val chat = helplineAsAna("compose-chat-form").chatScreen().closedAfter()
        phoneUiTest({ HelplineChat(chat) }) {
            waitFor(hasText("Track my order") and hasClickAction())
            onNode(hasText("Track my order") and hasClickAction()).performClick()
            val submit = hasText("Find my order") and hasClickAction()
            waitFor(submit)
            val order = hasSetTextAction() and hasText(strings.required("Order number"))
            val email = hasSetTextAction() and hasText(strings.required("Email"))
            onNode(email).performTextInput("ana@example.com")
            onNode(submit).performClick()
            waitFor(order and hasError)
            screenshots("chat-form-error")

            onNode(order).performTextInput("A-1001")
            onNode(hasText("Express") and hasClickAction()).performClick()
            onNode(submit).performClick()
            waitFor(hasText("Thanks! We are looking for order A-1001 and will write to ana@example.com."))
            waitFor(hasText("Order number: A-1001"))
            screenshots("chat-form-answered")
        }
    }

    @Test
    fun `the agent types and answers, ends the chat, and I rate it good with a comment`() {
        val chat = helplineAsAna("compose-chat-csat").chatScreen().closedAfter()
        phoneUiTest({ HelplineChat(chat) }) {
            waitFor(hasText("Hi! How can we help?"))
            val conversation = chat.state().conversation!!.id
            server.agentTyping(conversation, active = true)
            waitUntil("the agent is typing", PATIENCE_MS) { chat.state().typing != null }
            waitFor(hasText(strings.typing(chat.state().typing!!.name)))
            screenshots("chat-typing")

            server.agentSay(conversation, "Hello Ana, I'm looking at your order now.")
            waitFor(hasText("Hello Ana, I'm looking at your order now."))
            server.agentEnd(conversation)
            waitFor(hasText(strings.csatQuestion))
            waitFor(hasText(strings.startNew) and hasClickAction())
            screenshots("chat-ended-csat")

            onNode(hasText(strings.rateGood) and hasClickAction()).performClick()
            onNode(hasSetTextAction() and hasText(strings.csatCommentHint)).performTextInput("Quick and kind.")
            onNode(hasText(strings.csatSend) and hasClickAction()).performClick()
            waitFor(hasText(strings.rated(good = true)))
            waitUntil("the rating reached the helpdesk", PATIENCE_MS) { server.satisfactionRatings().contains("Quick and kind.") }
            assertTrue(server.satisfactionRatings().contains("\"good\""))
            screenshots("chat-rated")
        }
    }
}
