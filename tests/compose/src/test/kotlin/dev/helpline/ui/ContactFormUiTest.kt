@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import dev.helpline.core.SubmitState
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** The contact form as a user sees it, against the core and the reference server. */
class ContactFormUiTest : UiTest() {
    private val hasError = SemanticsMatcher.keyIsDefined(SemanticsProperties.Error)

    @Test
    fun `a required field left empty shows its error under it, and once filled the request is sent`() {
        val appId = "compose-contact-form"
        server.agentSettings(
            appId,
            """{"support": {"ticket_form": {"fields": [{"id": 7, "type": "text", "title": "Order", "required": true}]}}}""",
        )
        val helpline = helplineAsAna(appId)
        runBlocking { helpline.refreshSettings() }
        val form = helpline.contactForm().closedAfter()
        phoneUiTest({ HelplineContactForm(form) }) {
            val order = hasSetTextAction() and hasText(strings.required("Order"))
            val description = hasSetTextAction() and hasText(strings.required(strings.description))
            waitFor(order)

            onNode(description).performTextInput("My order is late")
            onNode(hasClickAction() and hasText(strings.submit)).performScrollTo().performClick()
            waitFor(order and hasError)
            onNode(description).assert(!hasError)
            // Under the field: the error's text is drawn below the field's box.
            val field = onNode(order).fetchSemanticsNode()
            val reason = field.config[SemanticsProperties.Error]
            assertEquals("left empty: said in the user's language", strings.fieldRequired, reason)
            val errorText = onNode(hasText(reason) and !hasSetTextAction(), useUnmergedTree = true).fetchSemanticsNode()
            assertTrue("the error is under the Order field", errorText.boundsInRoot.top >= field.boundsInRoot.center.y)
            screenshots("contact-form-error")

            onNode(order).performTextInput("A-1001")
            waitUntil("the error goes as the field is filled", PATIENCE_MS) { onAllNodes(order and hasError).fetchSemanticsNodes().isEmpty() }
            onNode(hasClickAction() and hasText(strings.submit)).performScrollTo().performClick()
            waitFor(hasText(strings.submitted))
            screenshots("contact-form-submitted")
        }
    }

    @Test
    fun `a request with a picked file written offline shows saved, then sent once back online`() {
        val relay = Relay(server.baseUrl).closedAfter()
        val helpline = helplineAsAna("compose-contact-offline", relay.baseUrl)
        runBlocking { helpline.refreshSettings() }
        val form = helpline.contactForm().closedAfter()
        val picker = object : AttachmentPicker {
            override suspend fun pickMedia(): String? = null
            override suspend fun pickFile(): String = helpline.importFile("receipt.txt", "order A-1001".toByteArray())
        }
        phoneUiTest({ CompositionLocalProvider(LocalAttachmentPicker provides picker) { HelplineContactForm(form) } }) {
            relay.down()
            onNode(hasSetTextAction() and hasText(strings.subject)).performTextInput("Late order")
            onNode(hasSetTextAction() and hasText(strings.required(strings.description))).performTextInput("Ordered two weeks ago")
            onNode(hasContentDescription(strings.attach) and hasClickAction()).performClick()
            onNode(hasText(strings.attachFile) and hasClickAction()).performClick()
            waitFor(hasText("receipt.txt") and hasClickAction())
            screenshots("contact-form-attachment")

            onNode(hasClickAction() and hasText(strings.submit)).performScrollTo().performClick()
            waitFor(hasText(strings.submittedPending))
            screenshots("contact-form-pending")

            relay.up()
            runBlocking { helpline.flushOutbox() }
            waitFor(hasText(strings.submitted))
            val ticket = (form.state().submit as SubmitState.Submitted).ticket
            assertTrue("the request and its file reached the helpdesk", server.agentComments(ticket.remoteId!!).contains("receipt.txt"))
        }
    }
}
