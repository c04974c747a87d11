package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.Attachment
import dev.helpline.core.ChatMessage
import dev.helpline.core.DeliveryState
import dev.helpline.core.TicketComment
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/**
 * One message: the user's at the end of the line with its delivery (sending, sent, not sent
 * with a retry), the others' at the start under their author's name. Read as one item.
 */
@Composable
internal fun MessageBubble(message: ChatMessage, outboxItem: Long?, onRetry: (Long) -> Unit) =
    Bubble(message.isMine, message.author.name, message.text, message.createdAt, message.delivery, message.attachments, outboxItem, onRetry)

/** A ticket's comment, drawn as the chat's messages are. */
@Composable
internal fun CommentBubble(comment: TicketComment, outboxItem: Long?, onRetry: (Long) -> Unit) =
    Bubble(comment.isMine, comment.author.name, comment.body, comment.createdAt, comment.delivery, comment.attachments, outboxItem, onRetry)

/** What a chat message and a ticket comment share: a bubble, its author, time and delivery. */
@Composable
private fun Bubble(
    mine: Boolean,
    author: String,
    text: String,
    createdAt: Instant,
    delivery: DeliveryState,
    attachments: List<Attachment>,
    outboxItem: Long?,
    onRetry: (Long) -> Unit,
) {
    val colors = MaterialTheme.colorScheme
    Row(
        Modifier.fillMaxWidth().padding(vertical = 4.dp),
        horizontalArrangement = if (mine) Arrangement.End else Arrangement.Start,
        verticalAlignment = Alignment.CenterVertically,
    ) {
        val failed = delivery is DeliveryState.Failed
        if (mine && failed && outboxItem != null) {
            IconButton(onClick = { onRetry(outboxItem) }) {
                Icon(HelplineIcons.Retry, contentDescription = LocalStrings.current.retry, tint = colors.error)
            }
        }
        Surface(
            shape = RoundedCornerShape(16.dp),
            color = if (mine) colors.primaryContainer else colors.surfaceVariant,
            contentColor = if (mine) colors.onPrimaryContainer else colors.onSurfaceVariant,
            modifier = Modifier.widthIn(max = 300.dp).semantics(mergeDescendants = true) {},
        ) {
            Column(Modifier.padding(horizontal = 12.dp, vertical = 8.dp)) {
                if (!mine) Text(author, style = MaterialTheme.typography.labelMedium, color = colors.primary)
                if (text.isNotEmpty()) Text(text, style = MaterialTheme.typography.bodyLarge)
                AttachmentChips(attachments)
                Text(
                    footer(mine, createdAt, delivery),
                    style = MaterialTheme.typography.labelSmall,
                    color = if (failed) colors.error else LocalContentColor.current.copy(alpha = 0.8f),
                    modifier = Modifier.align(Alignment.End),
                )
            }
        }
    }
}

/** The time it was written, and for the user's own its delivery. */
@Composable
private fun footer(mine: Boolean, createdAt: Instant, delivery: DeliveryState): String {
    val strings = LocalStrings.current
    val time = createdAt.atZone(ZoneId.systemDefault())
        .format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(strings.locale))
    if (!mine) return time
    return strings.delivered(time, deliveryText(delivery))
}

/** Sending, sent, not sent: the user's own message, comment or request. */
@Composable
internal fun deliveryText(delivery: DeliveryState): String {
    val strings = LocalStrings.current
    return when (delivery) {
        DeliveryState.Pending -> strings.sending
        DeliveryState.Sent -> strings.sent
        is DeliveryState.Failed -> strings.notSent
    }
}
