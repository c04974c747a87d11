package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.DeliveryState
import dev.helpline.core.Satisfaction
import dev.helpline.core.SatisfactionScore

/**
 * The satisfaction question of a solved ticket or an ended chat: good or bad, an optional
 * comment, then the answer given with its delivery (on its way, or refused and why). Nothing
 * when the helpdesk does not offer it and nothing was given. [rated] names what is rated (the
 * conversation's or the ticket's id): a half-given answer never carries over to another.
 */
@Composable
internal fun SatisfactionQuestion(
    rated: Any,
    question: String,
    satisfaction: Satisfaction,
    onRate: (SatisfactionScore, String?) -> Unit,
) {
    val strings = LocalStrings.current
    val rating = satisfaction.rating
    if (rating == null && !satisfaction.offered) return
    Column(
        Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        if (rating != null) {
            val delivery = rating.delivery
            Text(
                strings.rated(rating.score == SatisfactionScore.GOOD),
                style = MaterialTheme.typography.bodyMedium,
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
            )
            when (delivery) {
                DeliveryState.Pending -> Text(strings.sending, style = MaterialTheme.typography.labelSmall)
                is DeliveryState.Failed -> Text(delivery.reason, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.labelSmall)
                DeliveryState.Sent -> Unit
            }
            return@Column
        }
        var score by rememberSaveable(rated) { mutableStateOf<String?>(null) }
        var comment by rememberSaveable(rated) { mutableStateOf("") }
        Text(question, style = MaterialTheme.typography.titleSmall)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            for ((value, label) in listOf(SatisfactionScore.GOOD to strings.rateGood, SatisfactionScore.BAD to strings.rateBad)) {
                FilterChip(
                    selected = score == value.name,
                    onClick = { score = value.name },
                    label = { Text(label) },
                    modifier = Modifier.heightIn(min = 48.dp),
                )
            }
        }
        val chosen = score?.let { SatisfactionScore.valueOf(it) } ?: return@Column
        OutlinedTextField(
            value = comment,
            onValueChange = { comment = it },
            label = { Text(strings.csatCommentHint) },
            minLines = 2,
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = { onRate(chosen, comment.trim().ifEmpty { null }) }, modifier = Modifier.heightIn(min = 48.dp)) {
            Text(strings.csatSend)
        }
    }
}
