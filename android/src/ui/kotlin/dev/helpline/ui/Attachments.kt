package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.AssistChip
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.InputChip
import androidx.compose.material3.InputChipDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.unit.dp
import dev.helpline.core.Attachment
import dev.helpline.core.AttachmentState
import dev.helpline.core.StagedAttachment
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.launch

/**
 * The platform's pickers. Each returns the picked file as a path the screens take (already
 * imported into the SDK's data directory), or null when the user cancelled; it throws when the
 * file cannot be read. Android's is the photo picker and the system file picker
 * ([HelplineAndroidPieces] provides it); without one, the screens offer no attach button.
 */
interface AttachmentPicker {
    suspend fun pickMedia(): String?
    suspend fun pickFile(): String?
}

/** The [AttachmentPicker] of the screens below, if any. */
val LocalAttachmentPicker = staticCompositionLocalOf<AttachmentPicker?> { null }

/** A paper clip offering a photo or a file; [onPicked] gets the picked file's path. Nothing without a picker. */
@Composable
internal fun AttachButton(onPicked: (path: String) -> Unit) {
    val picker = LocalAttachmentPicker.current ?: return
    val strings = LocalStrings.current
    val scope = rememberCoroutineScope()
    var open by remember { mutableStateOf(false) }
    var failed by remember { mutableStateOf(false) }
    fun pick(from: suspend () -> String?) {
        open = false
        scope.launch {
            try {
                from()?.let(onPicked)
            } catch (cancelled: CancellationException) {
                throw cancelled
            } catch (_: Exception) {
                failed = true // Unreadable (a revoked or vanished file): say so rather than nothing.
            }
        }
    }
    Box {
        IconButton(onClick = { open = true }) { Icon(HelplineIcons.Attach, contentDescription = strings.attach) }
        DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
            DropdownMenuItem(text = { Text(strings.attachPhoto) }, onClick = { pick(picker::pickMedia) })
            DropdownMenuItem(text = { Text(strings.attachFile) }, onClick = { pick(picker::pickFile) })
        }
    }
    if (failed) {
        AlertDialog(
            onDismissRequest = { failed = false },
            text = { Text(strings.attachFailed) },
            confirmButton = { TextButton(onClick = { failed = false }) { Text(strings.close) } },
        )
    }
}

/** Files picked for a request or a reply, each removable, with the reason one would be refused. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
internal fun StagedAttachments(attachments: List<StagedAttachment>, onRemove: (path: String) -> Unit) {
    if (attachments.isEmpty()) return
    val strings = LocalStrings.current
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.fillMaxWidth()) {
        attachments.forEach { attachment ->
            val refused = attachment.state as? AttachmentState.Refused
            val uploading = attachment.state as? AttachmentState.Uploading
            val label = when {
                refused != null -> "${attachment.fileName}: ${refused.reason}"
                uploading != null && uploading.totalBytes > 0 ->
                    strings.uploading(attachment.fileName, (100 * uploading.sentBytes / uploading.totalBytes).toInt())
                else -> attachment.fileName
            }
            // Only the cross removes the file: a tap on its name must not lose it.
            InputChip(
                selected = false,
                onClick = {},
                label = { Text(label) },
                trailingIcon = {
                    IconButton(onClick = { onRemove(attachment.path) }) {
                        Icon(HelplineIcons.Close, contentDescription = strings.removeAttachment(attachment.fileName))
                    }
                },
                colors = if (refused == null) InputChipDefaults.inputChipColors()
                else InputChipDefaults.inputChipColors(labelColor = MaterialTheme.colorScheme.error),
            )
        }
    }
}

/** A message's or a comment's files: each opens in the browser once the helpdesk has it. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
internal fun AttachmentChips(attachments: List<Attachment>) {
    if (attachments.isEmpty()) return
    val uri = LocalUriHandler.current
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.padding(top = 4.dp)) {
        attachments.forEach { attachment ->
            AssistChip(
                onClick = { attachment.contentUrl?.let { runCatching { uri.openUri(it) } } },
                enabled = attachment.contentUrl != null,
                label = { Text(attachment.fileName) },
                leadingIcon = { Icon(HelplineIcons.Attach, contentDescription = null) },
            )
        }
    }
}
