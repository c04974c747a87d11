package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.core.ConnectionBanner

/** What to say about the connection above the timeline; nothing while online. */
@Composable
internal fun ConnectionBannerBar(banner: ConnectionBanner) {
    val strings = LocalStrings.current
    val text = when (banner) {
        ConnectionBanner.Online -> return
        ConnectionBanner.Connecting -> strings.connecting
        ConnectionBanner.Polling -> strings.polling
        is ConnectionBanner.Offline -> strings.offline(banner.pending)
    }
    ScreenNotice(text, polite = true)
}

/** "Ana is typing…" above the composer. */
@Composable
internal fun TypingLine(name: String) {
    Text(
        LocalStrings.current.typing(name),
        style = MaterialTheme.typography.bodySmall,
        color = MaterialTheme.colorScheme.onSurfaceVariant,
        modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 4.dp),
    )
}

/** In place of the composer once the agent ended the conversation (the timeline says it ended). */
@Composable
internal fun ChatEnded(canStartNew: Boolean, onStartNew: () -> Unit) {
    if (!canStartNew) return
    Box(Modifier.fillMaxWidth().padding(8.dp), contentAlignment = Alignment.Center) {
        TextButton(onClick = onStartNew, modifier = Modifier.heightIn(min = 48.dp)) { Text(LocalStrings.current.startNew) }
    }
}
