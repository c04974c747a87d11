package dev.helpline.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material3.Badge
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import dev.helpline.core.DeliveryState
import dev.helpline.core.Ticket

/**
 * One request in a list: its subject (bold while an answer is unread, with a badge), the last
 * words written, its status, and whether it is still being sent. Read and tapped as one item.
 */
@Composable
internal fun TicketRow(ticket: Ticket, preview: String?, delivery: DeliveryState, onOpen: (String) -> Unit) {
    val strings = LocalStrings.current
    val colors = MaterialTheme.colorScheme
    Row(
        Modifier.fillMaxWidth().heightIn(min = 64.dp).clickable { onOpen(ticket.id) }
            .semantics(mergeDescendants = true) {}
            .padding(horizontal = 16.dp, vertical = 10.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Column(Modifier.weight(1f)) {
            Text(
                ticket.subject,
                style = MaterialTheme.typography.titleMedium,
                fontWeight = if (ticket.unread) FontWeight.Bold else null,
                maxLines = 1,
                overflow = TextOverflow.Ellipsis,
            )
            if (!preview.isNullOrBlank()) {
                Text(
                    preview,
                    style = MaterialTheme.typography.bodyMedium,
                    color = colors.onSurfaceVariant,
                    maxLines = 2,
                    overflow = TextOverflow.Ellipsis,
                )
            }
            Row {
                Text(strings.status(ticket.status), style = MaterialTheme.typography.labelMedium, color = colors.primary)
                if (delivery != DeliveryState.Sent) {
                    Text(
                        " · " + deliveryText(delivery),
                        style = MaterialTheme.typography.labelMedium,
                        color = if (delivery is DeliveryState.Failed) colors.error else colors.onSurfaceVariant,
                    )
                }
            }
        }
        if (ticket.unread) {
            Spacer(Modifier.width(12.dp))
            Badge(Modifier.semantics { contentDescription = strings.unread })
        }
    }
}
