package dev.helpline.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import dev.helpline.core.ContactFormField
import dev.helpline.core.FieldValue
import dev.helpline.core.TicketFieldKind

/** One of the remote form's fields, drawn by its kind, with the core's [error] for it. */
@Composable
internal fun CustomField(field: ContactFormField, error: String?, onValue: (FieldValue?) -> Unit) {
    val title = if (field.field.required) LocalStrings.current.required(field.field.title) else field.field.title
    when (field.field.kind) {
        TicketFieldKind.CHECKBOX -> CheckboxField(title, (field.value as? FieldValue.Bool)?.v1 == true, error) { onValue(FieldValue.Bool(it)) }
        TicketFieldKind.TAGGER -> OptionsField(title, field, error) { onValue(FieldValue.Text(it)) }
        TicketFieldKind.TEXT, TicketFieldKind.INTEGER, TicketFieldKind.UNKNOWN -> FormTextField(
            label = field.field.title,
            required = field.field.required,
            kept = when (val value = field.value) {
                is FieldValue.Text -> value.v1
                is FieldValue.Number -> value.v1.toString()
                else -> ""
            },
            error = error,
            onChange = { onValue(if (it.isEmpty()) null else FieldValue.Text(it)) },
            keyboardOptions = if (field.field.kind == TicketFieldKind.INTEGER) {
                KeyboardOptions(keyboardType = KeyboardType.Number)
            } else {
                KeyboardOptions.Default
            },
            modifier = Modifier.fillMaxWidth(),
        )
    }
}

@Composable
private fun CheckboxField(title: String, checked: Boolean, error: String?, onChecked: (Boolean) -> Unit) {
    Column(Modifier.semantics { if (error != null) error(error) }) {
        Row(
            Modifier.fillMaxWidth().heightIn(min = 48.dp)
                .toggleable(value = checked, role = Role.Checkbox, onValueChange = onChecked),
            verticalAlignment = Alignment.CenterVertically,
        ) {
            Checkbox(checked = checked, onCheckedChange = null)
            Text(title, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(start = 12.dp))
        }
        FieldError(error)
    }
}

@Composable
private fun OptionsField(title: String, field: ContactFormField, error: String?, onChoose: (String) -> Unit) {
    val chosen = (field.value as? FieldValue.Text)?.v1
    Column(Modifier.selectableGroup().semantics { if (error != null) error(error) }) {
        Text(title, style = MaterialTheme.typography.bodyLarge)
        field.field.options.forEach { option ->
            Row(
                Modifier.fillMaxWidth().heightIn(min = 48.dp)
                    .selectable(selected = option.value == chosen, role = Role.RadioButton) { onChoose(option.value) },
                verticalAlignment = Alignment.CenterVertically,
            ) {
                RadioButton(selected = option.value == chosen, onClick = null)
                Text(option.name, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(start = 12.dp))
            }
        }
        FieldError(error)
    }
}

@Composable
private fun FieldError(error: String?) {
    if (error != null) {
        Text(error, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(start = 16.dp))
    }
}
