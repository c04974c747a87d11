package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.size
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.TimelineItem

/**
 * Tells a screen reader of the newest message from the agent or the bot: a polite live region
 * whose description changes as such a message arrives (TalkBack reads the change), so the user
 * hears "New message from Ana: …" without moving focus.
 */
@Composable
internal fun NewMessageAnnouncer(timeline: List<TimelineItem>) {
    val newest = timeline.lastOrNull { it is TimelineItem.Message && !it.message.isMine } as TimelineItem.Message? ?: return
    val strings = LocalStrings.current
    val announcement = "${strings.newMessageFrom(newest.message.author.name)}: ${newest.message.text}"
    Box(Modifier.size(1.dp).semantics {
        liveRegion = LiveRegionMode.Polite
        contentDescription = announcement
    })
}
