package dev.helpline.tests

import dev.helpline.core.Feature
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.Outcome
import dev.helpline.core.PromptReason
import dev.helpline.core.PushTarget
import dev.helpline.core.SettingsRefresh
import dev.helpline.core.TicketDraft
import dev.helpline.core.TicketFieldKind
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Remote settings, the rating prompt and push, through the Kotlin API, against the reference server. */
class SettingsRatingPushTest : ReferenceServerTest() {
    /** Ana's SDK on an Android device, for the app [appId] (each test has its own settings). */
    private suspend fun open(appId: String): Helpline = Helpline.open(
        HelplineConfig(
            baseUrl = server.baseUrl,
            appId = appId,
            clientId = "kotlin-tests",
            dataDir = dir.resolve("ana").toString(),
            platform = "android",
        ),
    ).also { opened += it }.apply { setIdentity(Identity.Anonymous(name = "Ana", email = null)) }

    @Test
    fun `settings come from the helpdesk, and a feature switched off or a missing field is refused`() = runBlocking {
        val appId = "kotlin-settings"
        val helpline = open(appId)
        helpline.refreshSettings()
        val settings = helpline.settings()
        assertTrue(settings.support.enabled)
        assertEquals(listOf("en-us", "fr"), settings.helpCenter.locales)
        assertEquals(20_971_520L, settings.support.attachments.maxAttachmentSize)

        server.agentSettings(
            appId,
            """{"support": {"enabled": false, "ticket_form": {"fields": [{"id": 7, "type": "tagger", "title": "Topic",
               "required": true, "options": [{"name": "Bug", "value": "bug"}]}]}}}""",
        )
        assertEquals(SettingsRefresh.CHANGED, helpline.refreshSettings())
        assertEquals(SettingsRefresh.NOT_MODIFIED, helpline.refreshSettings())
        val field = helpline.settings().support.ticketFields.single()
        assertEquals(TicketFieldKind.TAGGER, field.kind)
        assertEquals("bug", field.options.single().value)

        val tickets = helpline.tickets().also { opened += it }
        val off = assertThrows<HelplineException.FeatureDisabled> { tickets.create(TicketDraft(description = "Hi")) }
        assertEquals(Feature.SUPPORT, off.feature)

        server.agentSettings(appId, """{"support": {"enabled": true}}""")
        helpline.refreshSettings()
        val missing = assertThrows<HelplineException.Validation> { tickets.create(TicketDraft(description = "Hi")) }
        assertEquals("custom_fields.7", missing.field)
    }

    @Test
    fun `the rating prompt follows the helpdesk's rules and feedback becomes a ticket`() = runBlocking {
        val appId = "kotlin-rating"
        server.agentSettings(
            appId,
            """{"rating": {"enabled": true, "min_launches": 1, "min_days_installed": 0, "min_events": 1}}""",
        )
        val helpline = open(appId)
        helpline.refreshSettings()
        val rating = helpline.rating().also { opened += it }
        assertEquals(PromptReason.NoLaunchRecorded, rating.shouldPrompt().reason)
        rating.recordLaunch("3.1")
        assertEquals(PromptReason.NotEnoughEvents(0, 1), rating.shouldPrompt().reason)
        rating.recordEvent()
        val ready = rating.shouldPrompt()
        assertTrue(ready.shouldPrompt, ready.description)
        assertEquals(PromptReason.Ready, ready.reason)

        val ticket = rating.recordOutcome(Outcome.Feedback("Too many ads"))!!
        assertEquals(listOf("app_feedback"), ticket.tags)
        assertTrue(ticket.description.contains("App version: 3.1"), ticket.description)
        assertEquals(PromptReason.FeedbackThisVersion, rating.shouldPrompt().reason)
        assertEquals(0, helpline.flushOutbox())
        assertEquals(1, rating.status().launches)
    }

    @Test
    fun `a push token reaches the helpdesk, a forged push is refused, a ticket push syncs the ticket`() = runBlocking {
        val helpline = open("kotlin-push")
        helpline.registerPushToken("fcm-token-kotlin")
        assertEquals(0, helpline.flushOutbox())
        assertEquals("fcm-token-kotlin", helpline.pushToken())
        assertTrue(server.pushDevices().contains("\"fcm-token-kotlin\""))

        val bad = assertThrows<HelplineException.InvalidPush> {
            runBlocking { helpline.handlePush("""{"helpline": {"kind": "ticket_updated"}}""") }
        }
        assertTrue(bad.reason.contains("ticket_id"), bad.reason)

        val tickets = helpline.tickets().also { opened += it }
        val ticket = tickets.create(TicketDraft(description = "Where is my parcel?"))
        assertEquals(0, helpline.flushOutbox())
        val remoteId = tickets.get(ticket.id).ticket.remoteId!!
        server.agentReply(remoteId, "It is on its way.")
        // The helpdesk pushed the answer to this device; here is what FCM would hand the app.
        val payload = server.sentPushPayloads().single()
        assertTrue(payload.contains("\"ticket_id\":$remoteId"), payload)
        val target = helpline.handlePush(payload)
        assertEquals(PushTarget.Ticket(remoteId, ticket.id, true), target)
        assertTrue(tickets.get(ticket.id).comments.any { it.body == "It is on its way." })
        assertEquals(1, tickets.unreadCount())
    }
}
