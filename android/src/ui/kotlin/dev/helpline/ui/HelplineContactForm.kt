package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.ContactFormState
import dev.helpline.core.DeliveryState
import dev.helpline.core.FieldValue
import dev.helpline.core.SubmitState
import dev.helpline.sdk.ContactForm
import dev.helpline.sdk.states

/**
 * The contact form, as a screen to put in the app's navigation: subject, description, the
 * helpdesk's own fields, each with its error under it once the user tried to send, and the
 * request's confirmation once sent.
 */
@Composable
fun HelplineContactForm(form: ContactForm, modifier: Modifier = Modifier) {
    val state by remember(form) { form.states() }.collectAsState(remember(form) { form.state() })
    val actions = rememberActions()
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        ContactFormContent(
            state,
            onSubject = { actions.post { form.setSubject(it) } },
            onDescription = { actions.post { form.setDescription(it) } },
            onField = { id, value -> actions.post { form.setField(id, value) } },
            onSubmit = { actions.post { form.submit() } },
            onWriteAnother = { actions.post { form.clear() } },
            onAttach = { path -> actions.post { form.addAttachment(path) } },
            onRemoveAttachment = { path -> actions.post { form.removeAttachment(path) } },
        )
    }
}

/** What [HelplineContactForm] shows for [state]; the callbacks are the user's actions. */
@Composable
internal fun ContactFormContent(
    state: ContactFormState,
    onSubject: (String) -> Unit,
    onDescription: (String) -> Unit,
    onField: (id: Long, FieldValue?) -> Unit,
    onSubmit: () -> Unit,
    onWriteAnother: () -> Unit,
    onAttach: (path: String) -> Unit = {},
    onRemoveAttachment: (path: String) -> Unit = {},
) {
    val strings = LocalStrings.current
    val submit = state.submit
    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        if (submit is SubmitState.Submitted) {
            Submitted(submit.ticket.delivery, onWriteAnother)
            return@Column
        }
        // A required field left empty is said in the user's language; other problems as the core says them.
        fun errorOf(field: String) = state.errors.find { it.field == field }?.let { if (it.missing) strings.fieldRequired else it.reason }
        FormTextField(strings.subject, state.subject, errorOf("subject"), onSubject, Modifier.fillMaxWidth())
        FormTextField(
            strings.description, state.description, errorOf("description"), onDescription,
            Modifier.fillMaxWidth(), required = true, minLines = 4,
        )
        state.fields.forEach { field ->
            CustomField(field, errorOf("custom_fields.${field.field.id}")) { onField(field.field.id, it) }
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            AttachButton(onAttach)
            StagedAttachments(state.attachments, onRemoveAttachment)
        }
        if (submit is SubmitState.Failed) {
            Text(strings.submitFailed, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
        }
        Button(
            onClick = onSubmit,
            enabled = submit !is SubmitState.Submitting,
            modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp),
        ) {
            Text(if (submit is SubmitState.Submitting) strings.submitting else strings.submit)
        }
    }
}

/** The request is on the device: sent, to be sent when back online, or refused by the helpdesk (why). */
@Composable
private fun Submitted(delivery: DeliveryState, onWriteAnother: () -> Unit) {
    val strings = LocalStrings.current
    val text = when (delivery) {
        DeliveryState.Sent -> strings.submitted
        DeliveryState.Pending -> strings.submittedPending
        is DeliveryState.Failed -> "${strings.submitFailed} ${delivery.reason}"
    }
    Text(
        text,
        style = MaterialTheme.typography.titleMedium,
        color = if (delivery is DeliveryState.Failed) MaterialTheme.colorScheme.error else Color.Unspecified,
        modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
    )
    OutlinedButton(onClick = onWriteAnother, modifier = Modifier.heightIn(min = 48.dp)) { Text(strings.writeAnother) }
}
