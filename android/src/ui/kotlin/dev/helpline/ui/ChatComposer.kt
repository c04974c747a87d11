package dev.helpline.ui

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.FilledIconButton
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.core.Composer

/** The message being written and its send button, enabled when the core says it can be sent. */
@Composable
internal fun ChatComposer(composer: Composer, onText: (String) -> Unit, onSend: () -> Unit, onAttach: (path: String) -> Unit) =
    MessageComposer(composer.text, composer.canSend, LocalStrings.current.messageHint, onText, onSend, onAttach)

/**
 * A text kept as a draft by the core ([kept]), an attach button (when the platform has a
 * picker) and the send button: the chat's and a ticket's reply.
 */
@Composable
internal fun MessageComposer(
    kept: String,
    canSend: Boolean,
    hint: String,
    onText: (String) -> Unit,
    onSend: () -> Unit,
    onAttach: (path: String) -> Unit,
) {
    val strings = LocalStrings.current
    var text by rememberDraft(kept)
    Surface(tonalElevation = 2.dp, modifier = Modifier.fillMaxWidth()) {
        Row(Modifier.padding(horizontal = 12.dp, vertical = 8.dp), verticalAlignment = Alignment.CenterVertically) {
            AttachButton(onAttach)
            OutlinedTextField(
                value = text,
                onValueChange = {
                    text = it
                    onText(it)
                },
                placeholder = { Text(hint) },
                maxLines = 5,
                modifier = Modifier.weight(1f),
            )
            FilledIconButton(onClick = onSend, enabled = canSend, modifier = Modifier.padding(start = 8.dp)) {
                Icon(HelplineIcons.Send, contentDescription = strings.send)
            }
        }
    }
}
