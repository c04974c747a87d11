package dev.helpline.tests

import dev.helpline.core.ChatEvent
import dev.helpline.core.DeliveryState
import dev.helpline.core.Feature
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.SatisfactionScore
import dev.helpline.core.TicketDraft
import dev.helpline.core.TicketStatus
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineEvent
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Satisfaction ratings through the Kotlin API: a solved ticket and an ended conversation. */
class SatisfactionTest : ReferenceServerTest() {
    private suspend fun open(install: String, appId: String = "kotlin-tests"): Helpline =
        Helpline.open(HelplineConfig(server.baseUrl, appId, "kotlin-tests", dir.resolve(install).toString(), platform = "jvm"))
            .also { opened += it }
            .also { it.setIdentity(Identity.Anonymous(name = install, email = null)) }

    /** A ticket the agent solved, synced: its local id and the helpdesk's. */
    private suspend fun solvedTicket(helpline: Helpline, subject: String): Pair<String, Long> {
        val tickets = helpline.tickets().also { opened += it }
        val ticket = tickets.create(TicketDraft(subject = subject, description = "Please help"))
        assertEquals(0, helpline.flushOutbox())
        val remoteId = tickets.get(ticket.id).ticket.remoteId!!
        server.agentReply(remoteId, "Fixed in 2.3.2.", status = "solved")
        helpline.sync()
        return ticket.id to remoteId
    }

    @Test
    fun `a solved ticket is rated at once, sent once, and changed later`(): Unit = runBlocking {
        val helpline = open("ana")
        val (ticketId, remoteId) = solvedTicket(helpline, "Rate me from Kotlin")
        val tickets = helpline.tickets().also { opened += it }
        val solved = tickets.get(ticketId).ticket
        assertEquals(TicketStatus.SOLVED, solved.status)
        assertTrue(solved.satisfaction.offered)
        assertNull(solved.satisfaction.rating)
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }

        val shown = tickets.rate(ticketId, SatisfactionScore.GOOD, "Quick and kind.")
        assertEquals(SatisfactionScore.GOOD, shown.satisfaction.rating?.score)
        assertEquals("Quick and kind.", shown.satisfaction.rating?.comment)
        assertEquals(DeliveryState.Pending, shown.satisfaction.rating?.delivery)
        events.await("ticket changed") { it is HelplineEvent.TicketChanged && it.ticketId == ticketId }

        assertEquals(0, helpline.flushOutbox())
        assertEquals(DeliveryState.Sent, tickets.get(ticketId).ticket.satisfaction.rating?.delivery)
        val listed = server.satisfactionRatings()
        assertTrue(listed.contains(""""score":"good","comment":"Quick and kind.","ticket_id":$remoteId"""), listed)

        tickets.rate(ticketId, SatisfactionScore.BAD, null)
        assertEquals(0, helpline.flushOutbox())
        val changed = server.satisfactionRatings()
        assertTrue(changed.contains(""""score":"bad","comment":null,"ticket_id":$remoteId"""), changed)
        assertFalse(changed.contains(""""score":"good","comment":"Quick and kind.","ticket_id":$remoteId"""), "changed in place")
    }

    @Test
    fun `refusals are typed - not solved, unknown, too long, switched off`(): Unit = runBlocking {
        val helpline = open("bo", appId = "kotlin-csat-off")
        val tickets = helpline.tickets().also { opened += it }
        val open = tickets.create(TicketDraft(subject = "Still open", description = "Not solved yet"))
        val notSolved = assertThrows<HelplineException.Validation> { tickets.rate(open.id, SatisfactionScore.GOOD, null) }
        assertEquals("status", notSolved.field)
        assertThrows<HelplineException.NotFound> { tickets.rate("no-such-ticket", SatisfactionScore.GOOD, null) }

        val (ticketId, _) = solvedTicket(helpline, "Too long")
        val tooLong = assertThrows<HelplineException.Validation> {
            tickets.rate(ticketId, SatisfactionScore.BAD, "é".repeat(1_001))
        }
        assertEquals("comment", tooLong.field)
        assertNull(tickets.get(ticketId).ticket.satisfaction.rating, "nothing stored")

        server.agentSettings("kotlin-csat-off", """{"support": {"satisfaction_ratings_enabled": false}}""")
        helpline.refreshSettings()
        assertFalse(tickets.get(ticketId).ticket.satisfaction.offered)
        val off = assertThrows<HelplineException.FeatureDisabled> { tickets.rate(ticketId, SatisfactionScore.GOOD, null) }
        assertEquals(Feature.SATISFACTION_RATINGS, off.feature)
    }

    @Test
    fun `an ended conversation is rated through its request`(): Unit = runBlocking {
        val helpline = open("cy")
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }
        val chat = helpline.messaging().also { opened += it }
        val conversation = chat.start()
        assertFalse(conversation.satisfaction.offered, "active")

        server.agentEnd(conversation.id)
        events.await("conversation ended") { it is HelplineEvent.Chat && it.event is ChatEvent.Ended }
        val ended = chat.conversations().first { it.id == conversation.id }
        assertTrue(ended.satisfaction.offered)

        val rated = chat.rate(conversation.id, SatisfactionScore.GOOD, "Thanks")
        assertEquals(DeliveryState.Pending, rated.satisfaction.rating?.delivery)
        events.await("rating changed") {
            it is HelplineEvent.Chat && (it.event as? ChatEvent.SatisfactionChanged)?.conversationId == conversation.id
        }
        assertEquals(0, helpline.flushOutbox())
        assertEquals(DeliveryState.Sent, chat.conversations().first { it.id == conversation.id }.satisfaction.rating?.delivery)
        val listed = server.satisfactionRatings()
        assertTrue(listed.contains(""""ticket_id":${conversation.requestId}"""), listed)
    }
}
