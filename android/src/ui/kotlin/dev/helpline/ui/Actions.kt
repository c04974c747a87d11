package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.remember
import kotlinx.coroutines.channels.Channel

/**
 * A screen's calls to the core, run one after another in the order the user made them: a send
 * never overtakes the text typed just before it. A refused call needs nothing here: the
 * screen's next state says what went wrong (a field's error, a failed message); a call after
 * the screen object was closed (the screen is leaving) does nothing.
 */
internal class Actions {
    private val queue = Channel<suspend () -> Unit>(Channel.UNLIMITED)

    fun post(action: suspend () -> Unit) {
        queue.trySend(action)
    }

    suspend fun run() {
        for (action in queue) {
            quietly(action)
        }
    }
}

/** The [Actions] of a screen, run while it is shown. */
@Composable
internal fun rememberActions(): Actions {
    val actions = remember { Actions() }
    LaunchedEffect(actions) { actions.run() }
    return actions
}
