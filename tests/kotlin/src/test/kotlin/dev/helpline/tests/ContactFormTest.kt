package dev.helpline.tests

import dev.helpline.core.DeliveryState
import dev.helpline.core.FieldValue
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.SubmitState
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.stateIn
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The contact form screen through its StateFlow, against the reference server. */
class ContactFormTest : ReferenceServerTest() {
    @Test
    fun `the form's StateFlow shows a field's error, then the submitted ticket sent`() = runBlocking {
        val appId = "kotlin-contact-form"
        server.agentSettings(
            appId,
            """{"support": {"ticket_form": {"fields": [{"id": 7, "type": "text", "title": "Order", "required": true}]}}}""",
        )
        val helpline = Helpline.open(
            HelplineConfig(baseUrl = server.baseUrl, appId = appId, clientId = "kotlin-tests", dataDir = dir.resolve("ana").toString()),
        ).also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null))
        helpline.refreshSettings()
        val form = helpline.contactForm().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val state = form.stateIn(scope)
            withTimeout(10_000) {
                assertEquals("Order", state.first { it.fields.size == 1 }.fields.single().field.title)

                form.setDescription("My order is late")
                val refused = try {
                    form.submit()
                    null
                } catch (e: HelplineException.Validation) {
                    e
                }
                assertEquals("custom_fields.7", refused?.field, "a required field left empty is refused")
                val shown = state.first { it.errors.isNotEmpty() }
                assertNotNull(shown.errors.find { it.field == "custom_fields.7" }, shown.toString())
                assertNull(shown.errors.find { it.field == "description" })

                form.setField(7L, FieldValue.Text("A-1001"))
                state.first { it.errors.isEmpty() }
                val ticket = form.submit()
                val sent = state.first {
                    val submit = it.submit
                    submit is SubmitState.Submitted && submit.ticket.delivery == DeliveryState.Sent
                }
                assertEquals(ticket.id, (sent.submit as SubmitState.Submitted).ticket.id)
                assertTrue(sent.description.isEmpty(), "a fresh form for the next question")
            }
        } finally {
            scope.cancel()
        }
    }
}
