package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import dev.helpline.core.HelplineException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext

/**
 * Tells the core, through [setVisible], whether the user sees the screen of [key]: while it is
 * composed and the app is in the foreground (resumed). Visible, the core marks the agent's
 * answers read as they come; in the background it must not (the agent would see them read).
 */
@Composable
internal fun ReportVisibility(key: Any, setVisible: suspend (Boolean) -> Unit) {
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    LaunchedEffect(key, lifecycle) {
        try {
            lifecycle.currentStateFlow
                .map { it.isAtLeast(Lifecycle.State.RESUMED) }
                .distinctUntilChanged()
                .collect { visible -> quietly { setVisible(visible) } }
        } finally {
            withContext(NonCancellable) { quietly { setVisible(false) } }
        }
    }
}

/**
 * Runs a call to the core whose failure the screen's state already shows (or that no longer
 * matters: the screen object was closed as the screen left), so that it never crashes the app.
 */
internal suspend fun quietly(call: suspend () -> Unit) {
    try {
        call()
    } catch (_: HelplineException) {
        // The state says what went wrong.
    } catch (_: IllegalStateException) {
        // The screen object is closed: nothing left to tell it.
    }
}
