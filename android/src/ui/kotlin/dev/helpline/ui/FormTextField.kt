package dev.helpline.ui

import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.semantics

/**
 * A form's text field: its label ("Order *" when required), the core's [kept] draft, and the
 * core's [error] for it under it (also told to screen readers as the field's error).
 */
@Composable
internal fun FormTextField(
    label: String,
    kept: String,
    error: String?,
    onChange: (String) -> Unit,
    modifier: Modifier = Modifier,
    required: Boolean = false,
    minLines: Int = 1,
    keyboardOptions: KeyboardOptions = KeyboardOptions.Default,
) {
    var text by rememberDraft(kept)
    OutlinedTextField(
        value = text,
        onValueChange = {
            text = it
            onChange(it)
        },
        label = { Text(if (required) LocalStrings.current.required(label) else label) },
        isError = error != null,
        supportingText = error?.let { { Text(it) } },
        minLines = minLines,
        keyboardOptions = keyboardOptions,
        modifier = modifier.semantics { if (error != null) error(error) },
    )
}
