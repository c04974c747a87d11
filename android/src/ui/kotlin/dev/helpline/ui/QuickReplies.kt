package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.SuggestionChip
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.core.ChatMessage

/**
 * A bot message's choices as chips under it; tapping one sends it as the user's answer. The
 * core empties `quickReplies` once one is chosen (or anything followed), so they go at once.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
internal fun QuickReplies(message: ChatMessage, onChoose: (messageId: String, payload: String) -> Unit) {
    if (message.isMine || message.quickReplies.isEmpty()) return
    FlowRow(
        horizontalArrangement = Arrangement.spacedBy(8.dp),
        modifier = Modifier.fillMaxWidth().padding(start = 8.dp, bottom = 4.dp),
    ) {
        message.quickReplies.forEach { reply ->
            SuggestionChip(onClick = { onChoose(message.localId, reply.payload) }, label = { Text(reply.title) })
        }
    }
}
