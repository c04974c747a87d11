@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import dev.helpline.sdk.chatScreen
import org.junit.Test

/** The bot's quick replies in the chat, as a user sees them. */
class QuickRepliesUiTest : UiTest() {
    @Test
    fun `tapping the greeting's first quick reply sends it as my message`() {
        val chat = helplineAsAna("compose-quick-replies").chatScreen().closedAfter()
        phoneUiTest({ HelplineChat(chat) }) {
            waitFor(hasText("Hi! How can we help?"))
            val chip = hasText("Track my order") and hasClickAction()
            waitFor(chip)
            waitFor(hasText("Talk to a person") and hasClickAction())
            screenshots("chat-quick-replies")

            onNode(chip).performClick()
            val myMessage = hasText("Track my order", substring = true) and hasText(strings.sent, substring = true) and !hasSetTextAction()
            waitFor(myMessage)
            waitUntil("the choices are gone", PATIENCE_MS) {
                onAllNodes(hasText("Talk to a person") and hasClickAction()).fetchSemanticsNodes().isEmpty()
            }
            screenshots("chat-quick-reply-chosen")
        }
    }
}
