package dev.helpline.tests

import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Several conversations through the Kotlin API: started, listed with unread counts, opened. */
class ConversationsTest : ReferenceServerTest() {
    private suspend fun open(appId: String): Helpline =
        Helpline.open(HelplineConfig(server.baseUrl, appId, "kotlin-tests", dir.resolve(appId).toString(), platform = "jvm"))
            .also { opened += it }
            .also { it.setIdentity(Identity.Anonymous(name = "Ana", email = null)) }
            .also { it.refreshSettings() }

    @Test
    fun `two conversations are listed with their unread counts and opened in turn`() = runBlocking {
        val helpline = open("kotlin-conversations")
        assertTrue(helpline.settings().messaging.multipleConversations)
        val chat = helpline.messaging().also { opened += it }
        val first = chat.start()
        val second = chat.startNew()
        assertNotEquals(first.id, second.id)
        assertEquals(second.id, chat.conversation()?.id, "the new one is open")

        server.agentSay(first.id, "About your first question")
        val listed = chat.refreshConversations()
        val one = listed.first { it.id == first.id }
        val two = listed.first { it.id == second.id }
        assertEquals(2, one.unreadCount, "the greeting and the agent's message")
        assertEquals(1, two.unreadCount, "the greeting")
        assertEquals("About your first question", one.lastMessage?.text)
        assertEquals(one.unreadCount + two.unreadCount, chat.unreadCount(), "the total is the sum")

        chat.open(first.id)
        assertTrue(chat.messages().any { it.text == "About your first question" })
        assertEquals(chat.messagesOf(first.id), chat.messages())
        assertEquals(1, chat.unreadCountOf(second.id))
        chat.stop()
    }

    @Test
    fun `a second conversation is a typed Validation when the app allows one`(): Unit = runBlocking {
        server.agentSettings("kotlin-one-conversation", """{"messaging": {"multiple_conversations": false}}""")
        val helpline = open("kotlin-one-conversation")
        val chat = helpline.messaging().also { opened += it }
        chat.start()
        val refused = assertThrows<HelplineException.Validation> { chat.startNew() }
        assertEquals("conversation", refused.field)
        assertEquals(1, chat.conversations().size, "nothing started")
        chat.stop()
    }
}
