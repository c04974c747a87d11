package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.MutableState
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember

/**
 * A text the user edits on screen and the core keeps (drafts outlive the app): shown as typed,
 * starting from the core's [kept] draft (also when it is read after the screen showed), and
 * emptied when the core empties it (after a send or a submit). The core's echoes of earlier
 * keystrokes are not taken back, so fast typing never jumps.
 */
@Composable
internal fun rememberDraft(kept: String): MutableState<String> {
    val text = remember { mutableStateOf(kept) }
    LaunchedEffect(kept) {
        if (kept.isEmpty() || text.value.isEmpty()) text.value = kept
    }
    return text
}
