package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import dev.helpline.core.Notice
import dev.helpline.core.TimelineItem
import java.time.LocalDate

/**
 * A timeline, a chat's or a ticket's (one item model), oldest first, kept scrolled to the newest
 * item as items come. [messageActions] are what the user does with the bot's rich messages.
 */
@Composable
internal fun Timeline(
    timeline: List<TimelineItem>,
    onRetry: (outboxItem: Long) -> Unit,
    messageActions: MessageActions = MessageActions(),
) {
    val list = rememberLazyListState()
    LaunchedEffect(timeline.size) {
        if (timeline.isNotEmpty()) list.animateScrollToItem(timeline.lastIndex)
    }
    LazyColumn(
        state = list,
        contentPadding = PaddingValues(horizontal = 12.dp, vertical = 8.dp),
        modifier = Modifier.fillMaxSize(),
    ) {
        itemsIndexed(timeline, key = { index, item -> itemKey(index, item) }) { _, item ->
            when (item) {
                is TimelineItem.Day -> DaySeparator(item.day)
                is TimelineItem.Message -> {
                    MessageBubble(item.message, item.send.outboxItem, onRetry)
                    MessageExtras(item.message, messageActions)
                    QuickReplies(item.message, messageActions.choose)
                }
                is TimelineItem.Notice -> NoticeLine(item.notice)
                is TimelineItem.Comment -> CommentBubble(item.comment, item.send.outboxItem, onRetry)
            }
        }
    }
}

private fun itemKey(index: Int, item: TimelineItem): String = when (item) {
    is TimelineItem.Day -> "day ${item.day}"
    is TimelineItem.Message -> "message ${item.message.localId}"
    is TimelineItem.Comment -> "comment ${item.comment.id}"
    else -> "item $index"
}

/** "Today", "Monday", a date: a heading for screen readers. The chat's and a ticket's. */
@Composable
internal fun DaySeparator(day: String) {
    val strings = LocalStrings.current
    val text = runCatching { strings.day(LocalDate.parse(day), LocalDate.now()) }.getOrDefault(day)
    Box(Modifier.fillMaxWidth().padding(vertical = 8.dp), contentAlignment = Alignment.Center) {
        Text(
            text,
            style = MaterialTheme.typography.labelMedium,
            color = MaterialTheme.colorScheme.onSurfaceVariant,
            modifier = Modifier.semantics { heading() },
        )
    }
}

/** Something that happened rather than something written: an agent joined, the queue, the end. */
@Composable
private fun NoticeLine(notice: Notice) {
    val strings = LocalStrings.current
    val text = when (notice) {
        is Notice.AgentJoined -> strings.joined(notice.agent.name)
        is Notice.AgentLeft -> strings.left(notice.agent.name)
        is Notice.Queued -> strings.queued(notice.position, notice.waitSeconds)
        Notice.Ended -> strings.ended
    }
    Text(
        text,
        style = MaterialTheme.typography.bodySmall,
        color = MaterialTheme.colorScheme.onSurfaceVariant,
        textAlign = TextAlign.Center,
        modifier = Modifier.fillMaxWidth().padding(horizontal = 24.dp, vertical = 6.dp),
    )
}
