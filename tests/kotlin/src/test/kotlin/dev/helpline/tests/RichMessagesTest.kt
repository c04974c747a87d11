package dev.helpline.tests

import dev.helpline.core.ChatFormFieldKind
import dev.helpline.core.ChatMessageKind
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Rich messages through the Kotlin API: a quick reply tapped, the bot's form checked then submitted once. */
class RichMessagesTest : ReferenceServerTest() {
    private suspend fun open(): Helpline =
        Helpline.open(HelplineConfig(server.baseUrl, "kotlin-rich", "kotlin-tests", dir.resolve("rich").toString(), platform = "jvm"))
            .also { opened += it }
            .also { it.setIdentity(Identity.Anonymous(name = "Ana", email = null)) }

    @Test
    fun `a quick reply goes away once tapped and the bot's form is submitted once`() = runBlocking {
        val helpline = open()
        val chat = helpline.messaging().also { opened += it }
        chat.start()
        val greeting = chat.messages().first { it.kind == ChatMessageKind.QUICK_REPLIES }
        assertEquals(listOf("Track my order", "Talk to a person"), greeting.quickReplies.map { it.title })

        val tapped = chat.choose(greeting.localId, "track_order")
        assertEquals("Track my order", tapped.text)
        assertTrue(chat.messages().first { it.localId == greeting.localId }.quickReplies.isEmpty(), "gone at once")
        helpline.flushOutbox()
        assertTrue(eventually { runBlocking { chat.refresh() }; chat.messages().any { it.kind == ChatMessageKind.FORM } })
        val asked = chat.messages().first { it.kind == ChatMessageKind.FORM }
        assertEquals(ChatFormFieldKind.EMAIL, asked.form!!.fields.first { it.name == "email" }.kind)

        val refused = assertThrows<HelplineException.Validation> {
            chat.submitForm(asked.localId, mapOf("order_number" to "1042", "email" to "ana"))
        }
        assertEquals("form.email", refused.field)
        chat.submitForm(asked.localId, mapOf("order_number" to "1042", "email" to "ana@example.com"))
        val answered = chat.messages().first { it.localId == asked.localId }.form!!
        assertTrue(answered.submitted, "shown as answered at once")
        assertEquals("1042", answered.values.first { it.name == "order_number" }.value)
        val again = assertThrows<HelplineException.Validation> {
            chat.submitForm(asked.localId, mapOf("order_number" to "1042", "email" to "ana@example.com"))
        }
        assertEquals("form", again.field)
        chat.stop()
    }
}
