package dev.helpline.tests

import dev.helpline.core.ChatAuthorKind
import dev.helpline.core.ChatEvent
import dev.helpline.core.ConnectionState
import dev.helpline.core.DeliveryState
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineEvent
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.sdk.events
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Live chat through the Kotlin API: the realtime link, sending, an agent's answer on the Flow. */
class MessagingTest : ReferenceServerTest() {
    private suspend fun open(): Helpline =
        Helpline.open(HelplineConfig(server.baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve("ana").toString(), platform = "jvm"))
            .also { opened += it }
            .also { it.setIdentity(Identity.Anonymous(name = "Ana", email = null)) }

    @Test
    fun `a chat message is confirmed and the agent's answer arrives on the Flow`() = runBlocking {
        val helpline = open()
        val chat = helpline.messaging().also { opened += it }
        val events = Channel<HelplineEvent>(Channel.UNLIMITED)
        val collecting = launch(Dispatchers.Default) { helpline.events().collect { events.send(it) } }
        events.awaitEvent("snapshot") { it is HelplineEvent.Snapshot }

        val conversation = chat.start()
        events.awaitEvent("connected") {
            it is HelplineEvent.Chat && (it.event as? ChatEvent.Connection)?.state == ConnectionState.CONNECTED
        }
        val mine = chat.send("Hello from Kotlin")
        assertEquals(DeliveryState.Pending, mine.delivery)
        assertTrue(eventually { chat.messages().any { it.localId == mine.localId && it.delivery == DeliveryState.Sent && it.seq != null } })

        server.agentSay(conversation.id, "Hi from the agent")
        events.awaitEvent("agent joined") { it is HelplineEvent.Chat && it.event is ChatEvent.AgentJoined }
        assertTrue(eventually { chat.messages().any { it.text == "Hi from the agent" && it.author.kind == ChatAuthorKind.AGENT } })
        // The bot's greeting (and its article suggestions, if any) and the agent's answer; not mine.
        val fromThem = chat.messages().count { it.author.kind == ChatAuthorKind.AGENT || it.author.kind == ChatAuthorKind.BOT }
        assertTrue(fromThem >= 2, "greeting and answer")
        assertEquals(fromThem, chat.unreadCount())
        chat.markRead()
        assertEquals(0, chat.unreadCount())
        val seqs = chat.messages().mapNotNull { it.seq }
        assertEquals((1L..seqs.size.toLong()).toList(), seqs, "every message once, in seq order")
        chat.stop()
        assertEquals(ConnectionState.DISCONNECTED, chat.connectionState())
        collecting.cancel()
    }

    @Test
    fun `an empty chat message is a typed Validation naming text`(): Unit = runBlocking {
        val chat = open().messaging().also { opened += it }
        val error = assertThrows<HelplineException.Validation> { chat.send("   ") }
        assertEquals("text", error.field)
    }
}
