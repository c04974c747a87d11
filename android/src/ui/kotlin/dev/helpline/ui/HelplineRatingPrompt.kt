package dev.helpline.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.core.Outcome
import dev.helpline.core.PromptAnswer
import dev.helpline.core.RatingPromptState
import dev.helpline.sdk.RatingPrompt
import dev.helpline.sdk.ReviewHook
import dev.helpline.sdk.states
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.launch

/**
 * The app-store rating prompt, as a dialog shown when the core's rules say it is a good moment
 * (`RatingPrompt.refresh` re-asks them; put this at the app's root). "Rate now" records the
 * answer and hands off to the store through [reviewHook]; an unhappy user can write feedback
 * instead, which reaches support as a ticket.
 */
@Composable
fun HelplineRatingPrompt(prompt: RatingPrompt, reviewHook: ReviewHook) {
    val state by remember(prompt) { prompt.states() }.collectAsState(remember(prompt) { prompt.state() })
    val scope = rememberCoroutineScope()
    val actions = rememberActions()
    RatingPromptDialog(
        state,
        onRate = {
            scope.launch {
                try {
                    prompt.rate()
                    reviewHook.requestReview()
                } catch (cancelled: CancellationException) {
                    throw cancelled
                } catch (_: Exception) {
                    // Not recorded (the state says so and the prompt stays), or the store could
                    // not open: the answer stands either way.
                }
            }
        },
        onLater = { actions.post { prompt.later() } },
        onDecline = { actions.post { prompt.decline() } },
        onFeedback = { text -> actions.post { prompt.feedback(text) } },
    )
}

/** What [HelplineRatingPrompt] shows for [state]: the question, the feedback form, or the thanks for it. */
@Composable
internal fun RatingPromptDialog(
    state: RatingPromptState,
    onRate: () -> Unit,
    onLater: () -> Unit,
    onDecline: () -> Unit,
    onFeedback: (String) -> Unit,
) {
    val strings = LocalStrings.current
    var writing by rememberSaveable { mutableStateOf(false) }
    var feedback by rememberSaveable { mutableStateOf("") }
    var thanked by rememberSaveable { mutableStateOf(false) }
    val answer = state.answer
    val gaveFeedback = answer is PromptAnswer.Answered && answer.outcome is Outcome.Feedback
    when {
        gaveFeedback && !thanked -> AlertDialog(
            onDismissRequest = { thanked = true },
            text = { Text(strings.ratingFeedbackSent) },
            confirmButton = { TextButton(onClick = { thanked = true }) { Text(strings.close) } },
        )
        !state.decision.shouldPrompt || answer is PromptAnswer.Answered -> Unit
        writing -> AlertDialog(
            onDismissRequest = { writing = false },
            title = { Text(strings.ratingFeedback) },
            text = {
                Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    OutlinedTextField(
                        value = feedback,
                        onValueChange = { feedback = it },
                        // A placeholder: at the largest font a floating label would wrap over the border.
                        placeholder = { Text(strings.ratingFeedbackHint) },
                        minLines = 3,
                        modifier = Modifier.fillMaxWidth(),
                    )
                    if (answer is PromptAnswer.Failed) Text(strings.ratingFeedbackFailed, color = MaterialTheme.colorScheme.error)
                }
            },
            confirmButton = {
                TextButton(
                    onClick = { onFeedback(feedback) },
                    enabled = feedback.isNotBlank() && answer !is PromptAnswer.Recording,
                ) { Text(strings.ratingFeedbackSend) }
            },
            dismissButton = { TextButton(onClick = { writing = false }) { Text(strings.back) } },
        )
        else -> AlertDialog(
            onDismissRequest = onLater,
            title = { Text(strings.ratingTitle) },
            text = { Text(strings.ratingMessage) },
            confirmButton = {
                Column {
                    for ((label, action) in listOf(
                        strings.ratingRate to onRate,
                        strings.ratingFeedback to { writing = true },
                        strings.ratingLater to onLater,
                        strings.ratingNever to onDecline,
                    )) {
                        TextButton(onClick = action, modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp)) { Text(label) }
                    }
                }
            },
        )
    }
}
