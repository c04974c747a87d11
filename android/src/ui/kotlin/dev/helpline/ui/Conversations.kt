package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Badge
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import dev.helpline.core.Conversation

/**
 * The user's conversations, when the helpdesk allows several: a button opening the list (the
 * newest message of each, open or ended, unread), picking one shows it. Nothing for one.
 */
@Composable
internal fun ConversationsBar(conversations: List<Conversation>, shown: Long?, onOpen: (id: Long) -> Unit) {
    if (conversations.size < 2) return
    val strings = LocalStrings.current
    var open by remember { mutableStateOf(false) }
    Row(Modifier.fillMaxWidth().padding(start = 16.dp), verticalAlignment = Alignment.CenterVertically) {
        Text(strings.conversations, style = MaterialTheme.typography.titleSmall, modifier = Modifier.weight(1f).semantics { heading() })
        Box {
            IconButton(onClick = { open = true }) { Icon(HelplineIcons.List, contentDescription = strings.conversations) }
            DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
                conversations.forEach { conversation ->
                    DropdownMenuItem(
                        text = { ConversationLine(conversation) },
                        onClick = {
                            open = false
                            if (conversation.id != shown) onOpen(conversation.id)
                        },
                        trailingIcon = if (conversation.unreadCount > 0) {
                            { Badge { Text("${conversation.unreadCount}") } }
                        } else {
                            null
                        },
                    )
                }
            }
        }
    }
    HorizontalDivider()
}

/** A conversation in the list: open or ended, and its newest message. */
@Composable
private fun ConversationLine(conversation: Conversation) {
    val strings = LocalStrings.current
    Column {
        Text(
            if (conversation.active) strings.conversationOpen else strings.conversationEnded,
            style = MaterialTheme.typography.labelMedium,
            color = MaterialTheme.colorScheme.primary,
        )
        conversation.lastMessage?.let {
            Text(it.text, maxLines = 1, overflow = TextOverflow.Ellipsis, style = MaterialTheme.typography.bodyMedium)
        }
    }
}
