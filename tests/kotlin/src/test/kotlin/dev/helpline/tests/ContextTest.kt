package dev.helpline.tests

import dev.helpline.core.AttributeValue
import dev.helpline.core.DeliveryState
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.LogLevel
import dev.helpline.core.LogRecord
import dev.helpline.core.TicketDraft
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineLogger
import dev.helpline.sdk.setLogger
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** App context through the Kotlin API: attributes, breadcrumbs, a ticket's metadata and log, the logger, the locale. */
class ContextTest : ReferenceServerTest() {
    private suspend fun open(install: String): Helpline =
        Helpline.open(
            HelplineConfig(
                server.baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve(install).toString(),
                platform = "jvm", appVersion = "3.2.1", osVersion = "17",
            ),
        )
            .also { opened += it }
            .also { it.setIdentity(Identity.Anonymous(name = install, email = null)) }

    /** Sends [draft]; the helpdesk's id of the ticket. */
    private suspend fun sent(helpline: Helpline, draft: TicketDraft): Long {
        val tickets = helpline.tickets().also { opened += it }
        val ticket = tickets.create(draft)
        assertEquals(0, helpline.flushOutbox())
        return tickets.get(ticket.id).ticket.remoteId!!
    }

    private fun requesterOf(ticketJson: String): Long =
        Regex(""""requester_id":(\d+)""").find(ticketJson)!!.groupValues[1].toLong()

    @Test
    fun `attributes are stored at once, sent, seen by the agent, and refused by field`(): Unit = runBlocking {
        val helpline = open("ana")
        helpline.setUserAttributes(
            mapOf("plan" to AttributeValue.Text("pro"), "seats" to AttributeValue.Number(3.0), "beta" to AttributeValue.Bool(true)),
        )
        val shown = helpline.userAttributes()
        assertEquals(listOf("beta", "plan", "seats"), shown.map { it.name })
        assertEquals(0, helpline.flushOutbox())
        assertTrue(helpline.userAttributes().all { it.delivery == DeliveryState.Sent })

        val me = requesterOf(server.agentTicket(sent(helpline, TicketDraft(description = "Who am I?"))))
        val user = server.agentUser(me)
        assertTrue(user.contains(""""user_fields":{"beta":true,"plan":"pro","seats":3}"""), user)

        val refused = assertThrows<HelplineException.Validation> {
            helpline.setUserAttributes(mapOf("Plan-Type" to AttributeValue.Text("x")))
        }
        assertEquals("user_fields.Plan-Type", refused.field)
        assertEquals(3, helpline.userAttributes().size, "nothing refused was stored")
    }

    @Test
    fun `a ticket carries its values, the breadcrumbs, the device and the SDK's log to the agent`(): Unit = runBlocking {
        val helpline = open("bo")
        helpline.leaveBreadcrumb("Opened cart")
        helpline.leaveBreadcrumb("Tapped Pay")
        val blank = assertThrows<HelplineException.Validation> { helpline.leaveBreadcrumb("  ") }
        assertEquals("text", blank.field)

        val draft = TicketDraft(
            description = "My card is refused",
            metadata = mapOf("order_id" to AttributeValue.Text("A-1042")),
            attachLog = true,
        )
        val remoteId = sent(helpline, draft)
        val ticket = server.agentTicket(remoteId)
        assertTrue(ticket.contains(""""custom":{"order_id":"A-1042"}"""), ticket)
        assertTrue(ticket.contains(""""text":"Opened cart"""") && ticket.contains(""""text":"Tapped Pay""""), ticket)
        assertTrue(ticket.contains(""""os":"jvm","os_version":"17","app_version":"3.2.1""""), ticket)
        val comments = server.agentComments(remoteId)
        assertTrue(comments.contains(""""file_name":"helpline-sdk-log.txt""""), comments)
        assertTrue(comments.contains(""""body":"My card is refused""""), "the log is a file, not text in the description: $comments")
    }

    @Test
    fun `the app's logger hears the SDK at its level, and the locale changes without reopening`(): Unit = runBlocking {
        val heard = java.util.Collections.synchronizedList(mutableListOf<LogRecord>())
        setLogger(object : HelplineLogger {
            override fun log(record: LogRecord) {
                heard += record
            }
        }, LogLevel.DEBUG)
        try {
            val helpline = open("cy")
            sent(helpline, TicketDraft(description = "Logged"))
            assertTrue(heard.any { it.message.contains("(create_ticket): sent") && it.level == LogLevel.INFO }, "$heard")
            assertTrue(heard.all { it.target.startsWith("helpline_core") }, "only the SDK's own records")

            assertEquals("en-us", helpline.locale())
            helpline.setLocale("fr_FR")
            assertEquals("fr-fr", helpline.locale())
            val refused = assertThrows<HelplineException.Validation> { helpline.setLocale("not a locale") }
            assertEquals("locale", refused.field)
        } finally {
            setLogger(null, LogLevel.ERROR)
        }
    }
}
