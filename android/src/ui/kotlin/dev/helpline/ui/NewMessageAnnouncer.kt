package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.size
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.TimelineItem
import kotlinx.coroutines.delay

/** How long an announcement stays readable before the live region empties again. */
private const val ANNOUNCED_MS = 5_000L

/**
 * Tells a screen reader of each new message or comment from the agent or the bot, the chat's
 * or a ticket's: a polite live region whose text changes as one arrives (TalkBack reads the
 * change), so the user hears "New message from Ana: …" without moving focus. What was there
 * when the screen opened is not announced, and the region empties afterwards, so swiping
 * through the screen never lands on an invisible copy of a message.
 */
@Composable
internal fun NewMessageAnnouncer(timeline: List<TimelineItem>) {
    val newest = timeline.lastOrNull { it.fromOthers() } ?: return
    val strings = LocalStrings.current
    val (id, author, text) = when (newest) {
        is TimelineItem.Message -> Triple(newest.message.localId, newest.message.author.name, newest.message.text)
        is TimelineItem.Comment -> Triple(newest.comment.id, newest.comment.author.name, newest.comment.body)
        else -> return
    }
    val first = remember { id }
    var announcement by remember { mutableStateOf("") }
    LaunchedEffect(id) {
        if (id == first) return@LaunchedEffect
        announcement = "${strings.newMessageFrom(author)}: $text"
        delay(ANNOUNCED_MS)
        announcement = ""
    }
    // Always there, empty between announcements (nothing for TalkBack to focus): a live region
    // is read when its text changes.
    Box(Modifier.size(1.dp).semantics {
        liveRegion = LiveRegionMode.Polite
        contentDescription = announcement
    })
}

private fun TimelineItem.fromOthers(): Boolean = when (this) {
    is TimelineItem.Message -> !message.isMine
    is TimelineItem.Comment -> !comment.isMine
    else -> false
}
