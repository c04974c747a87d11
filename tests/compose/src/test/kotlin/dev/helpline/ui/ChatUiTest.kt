@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isEnabled
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.text.AnnotatedString
import dev.helpline.sdk.chatScreen
import org.junit.Test

/** The chat screen as a user sees it, against the core and the reference server. */
class ChatUiTest : UiTest() {
    @Test
    fun `the chat shows the bot's greeting, and Hello typed and sent shows in my bubble, then sent`() {
        val chat = helplineAsAna("compose-chat").chatScreen().closedAfter()
        phoneUiTest({ HelplineChat(chat) }) {
            waitFor(hasText("Hi! How can we help?"))
            screenshots("chat-greeting")

            onNode(hasSetTextAction()).performTextInput("Hello")
            val send = onNodeWithContentDescription(strings.send)
            waitUntil("send enabled", PATIENCE_MS) { runCatching { send.assertIsEnabled() }.isSuccess }
            send.performClick()

            val myBubble = hasText("Hello", substring = false) and !hasSetTextAction()
            waitFor(myBubble)
            waitFor(myBubble and hasText(strings.sent, substring = true))
            onNode(hasSetTextAction()).assert(SemanticsMatcher.expectValue(SemanticsProperties.EditableText, AnnotatedString("")))
            waitUntil("send disabled once the composer is empty", PATIENCE_MS) { runCatching { send.assert(!isEnabled()) }.isSuccess }
            screenshots("chat-sent")
        }
    }
}
