package dev.helpline.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp

/** A screen header's refresh button, off while a refresh runs. */
@Composable
internal fun RefreshButton(refreshing: Boolean, onRefresh: () -> Unit) {
    IconButton(onClick = onRefresh, enabled = !refreshing) {
        Icon(HelplineIcons.Retry, contentDescription = LocalStrings.current.refresh)
    }
}

/** Under a screen's header: a progress line while refreshing, and a notice once a refresh failed. */
@Composable
internal fun RefreshStatus(refreshing: Boolean, failed: Boolean) {
    if (refreshing) LinearProgressIndicator(Modifier.fillMaxWidth())
    if (failed) ScreenNotice(LocalStrings.current.refreshFailed)
}

/**
 * A line about the screen as a whole (a refresh that failed, the connection), above its
 * content; [polite] has screen readers read it when it changes.
 */
@Composable
internal fun ScreenNotice(text: String, polite: Boolean = false) {
    Surface(color = MaterialTheme.colorScheme.secondaryContainer, modifier = Modifier.fillMaxWidth()) {
        Text(
            text,
            style = MaterialTheme.typography.bodyMedium,
            color = MaterialTheme.colorScheme.onSecondaryContainer,
            modifier = Modifier.padding(horizontal = 16.dp, vertical = 8.dp)
                .semantics { if (polite) liveRegion = LiveRegionMode.Polite },
        )
    }
}
