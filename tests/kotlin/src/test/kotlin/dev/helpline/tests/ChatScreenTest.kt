package dev.helpline.tests

import dev.helpline.core.ChatAuthorKind
import dev.helpline.core.ChatState
import dev.helpline.core.ChatStatus
import dev.helpline.core.ConnectionBanner
import dev.helpline.core.DeliveryState
import dev.helpline.core.Identity
import dev.helpline.core.TimelineItem
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.chatScreen
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

/** The chat screen through its StateFlow, against the reference server. */
class ChatScreenTest : ReferenceServerTest() {
    private fun ChatState.messages() = timeline.filterIsInstance<TimelineItem.Message>().map { it.message }

    @Test
    fun `the chat's StateFlow shows the greeting, my message sent, and the agent's answer read while visible`() = runBlocking {
        val helpline = Helpline.open(HelplineConfig(server.baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve("ana").toString()))
            .also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null))
        val chat = helpline.chatScreen().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val state = chat.stateIn(scope)
            chat.start()
            withTimeout(10_000) {
                val open = state.first { s ->
                    s.status == ChatStatus.Open && s.banner == ConnectionBanner.Online &&
                        s.messages().any { it.author.kind == ChatAuthorKind.BOT }
                }
                assertTrue(open.timeline.first() is TimelineItem.Day, "a day separator first")
                chat.setVisible(true)

                chat.setComposer("Hello from Kotlin")
                assertTrue(state.first { it.composer.canSend }.composer.text == "Hello from Kotlin")
                chat.send()
                val sent = state.first { s -> s.messages().any { it.text == "Hello from Kotlin" && it.delivery == DeliveryState.Sent } }
                assertEquals("", sent.composer.text, "the composer empties")

                server.agentSay(open.conversation!!.id, "Hi Ana")
                val answered = state.first { s -> s.messages().any { it.text == "Hi Ana" } && s.unreadCount == 0 }
                assertTrue(answered.timeline.any { it is TimelineItem.Notice }, "the agent's joining is shown")
            }
        } finally {
            scope.cancel()
        }
    }
}
