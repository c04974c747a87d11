@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import dev.helpline.sdk.chatScreen
import org.junit.Assert.assertEquals
import org.junit.Test

/** Several conversations (the reference helpdesk allows them), as a user goes between them. */
class ConversationsUiTest : UiTest() {
    @Test
    fun `after an ended chat a new one starts, and the list takes me back to the first`() {
        val chat = helplineAsAna("compose-conversations").chatScreen().closedAfter()
        phoneUiTest({ HelplineChat(chat) }) {
            waitFor(hasText("Hi! How can we help?"))
            onNode(hasSetTextAction()).performTextInput("My first question")
            onNodeWithContentDescription(strings.send).performClick()
            waitFor(hasText("My first question") and !hasSetTextAction() and hasText(strings.sent, substring = true))
            val first = chat.state().conversation!!.id
            server.agentEnd(first)
            waitFor(hasText(strings.startNew) and hasClickAction())
            onNode(hasText(strings.startNew) and hasClickAction()).performClick()
            waitUntil("a second conversation open", PATIENCE_MS) { chat.state().conversation?.id.let { it != null && it != first } }

            val list = hasContentDescription(strings.conversations) and hasClickAction()
            waitFor(list)
            screenshots("chat-conversations")
            onNode(list).performClick()
            waitFor(hasText(strings.conversationEnded) and hasClickAction())
            onNode(hasText(strings.conversationEnded) and hasClickAction()).performClick()
            waitFor(hasText("My first question") and !hasSetTextAction())
            waitUntil("the first conversation shown", PATIENCE_MS) { chat.state().conversation?.id == first }
            assertEquals(2, chat.state().conversations.size)
        }
    }
}
