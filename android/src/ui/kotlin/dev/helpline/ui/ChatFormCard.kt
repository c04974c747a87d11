package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import dev.helpline.core.ChatForm
import dev.helpline.core.ChatFormFieldKind
import dev.helpline.core.HelplineException
import kotlinx.coroutines.launch

/**
 * A bot's small form, filled once: its fields, then its submit button. Once answered it shows
 * the values given. A refused field (the core checks required and email fields) shows its
 * reason on that field.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
internal fun ChatFormCard(messageId: String, form: ChatForm, submit: suspend (String, Map<String, String>) -> Unit) {
    val strings = LocalStrings.current
    Card(Modifier.padding(start = 8.dp, bottom = 4.dp).widthIn(max = 320.dp)) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            if (form.submitted) {
                form.values.forEach { value ->
                    val label = form.fields.find { it.name == value.name }?.label ?: value.name
                    Text("$label: ${value.value}", style = MaterialTheme.typography.bodyMedium)
                }
                Text(strings.formSent, style = MaterialTheme.typography.labelSmall)
                return@Column
            }
            // What the user filled in outlives the card scrolling away and a rotation.
            var values by rememberSaveable(messageId) { mutableStateOf(mapOf<String, String>()) }
            var error by remember(messageId) { mutableStateOf<HelplineException.Validation?>(null) }
            var sending by remember(messageId) { mutableStateOf(false) }
            val scope = rememberCoroutineScope()
            form.fields.forEach { field ->
                val label = if (field.required) strings.required(field.label) else field.label
                val reason = error?.takeIf { it.field == "form.${field.name}" }?.reason
                if (field.kind == ChatFormFieldKind.SELECT) {
                    Text(label, style = MaterialTheme.typography.labelLarge)
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        field.options.forEach { option ->
                            FilterChip(
                                selected = values[field.name] == option.value,
                                onClick = { values = values + (field.name to option.value) },
                                label = { Text(option.label) },
                            )
                        }
                    }
                    if (reason != null) Text(reason, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall)
                } else {
                    OutlinedTextField(
                        value = values[field.name].orEmpty(),
                        onValueChange = { values = values + (field.name to it) },
                        label = { Text(label) },
                        isError = reason != null,
                        supportingText = reason?.let { { Text(it) } },
                        singleLine = true,
                        keyboardOptions = KeyboardOptions(
                            keyboardType = if (field.kind == ChatFormFieldKind.EMAIL) KeyboardType.Email else KeyboardType.Text,
                        ),
                        modifier = Modifier.fillMaxWidth().semantics { if (reason != null) error(reason) },
                    )
                }
            }
            val other = error?.takeIf { e -> form.fields.none { "form.${it.name}" == e.field } }
            if (other != null) Text(other.reason, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall)
            Button(
                onClick = {
                    sending = true
                    scope.launch {
                        try {
                            submit(messageId, values)
                            error = null
                        } catch (refused: HelplineException.Validation) {
                            error = refused
                        } catch (_: HelplineException) {
                            error = null // Kept on the device and sent when back: the message's delivery says so.
                        } finally {
                            sending = false
                        }
                    }
                },
                enabled = !sending,
                modifier = Modifier.heightIn(min = 48.dp),
            ) { Text(form.submitLabel.ifBlank { strings.formSubmit }) }
        }
    }
}
