@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import dev.helpline.core.Outcome
import dev.helpline.core.PromptAnswer
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.ReviewHook
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** The app-store rating prompt as a user answers it, against the core's rules and the reference server. */
class RatingPromptUiTest : UiTest() {
    /** Ana, on an app whose rules ask after one launch and one event, both recorded. */
    private fun readyToAsk(appId: String): Helpline {
        server.agentSettings(appId, """{"rating": {"enabled": true, "min_launches": 1, "min_days_installed": 0, "min_events": 1}}""")
        return helplineAsAna(appId).also { helpline ->
            runBlocking {
                helpline.refreshSettings()
                helpline.rating().closedAfter().apply {
                    recordLaunch("3.1")
                    recordEvent()
                }
            }
        }
    }

    @Test
    fun `rate now hands off to the store once and the prompt goes`() {
        val prompt = readyToAsk("compose-rating-rate").ratingPrompt().closedAfter()
        runBlocking { prompt.refresh() }
        val reviews = AtomicInteger()
        phoneUiTest({ HelplineRatingPrompt(prompt, ReviewHook { reviews.incrementAndGet(); true }) }) {
            waitFor(hasText(strings.ratingTitle))
            screenshots("rating-prompt")

            onNode(hasText(strings.ratingRate) and hasClickAction()).performClick()
            waitUntil("the store was asked", PATIENCE_MS) { reviews.get() == 1 }
            waitUntil("the prompt is gone", PATIENCE_MS) { onAllNodes(hasText(strings.ratingTitle)).fetchSemanticsNodes().isEmpty() }
            assertEquals(PromptAnswer.Answered(Outcome.Rated, null), prompt.state().answer)
        }
    }

    @Test
    fun `an unhappy user writes feedback instead, which reaches support as a ticket`() {
        val helpline = readyToAsk("compose-rating-feedback")
        val prompt = helpline.ratingPrompt().closedAfter()
        runBlocking { prompt.refresh() }
        phoneUiTest({ HelplineRatingPrompt(prompt, ReviewHook { error("no store hand-off for feedback") }) }) {
            waitFor(hasText(strings.ratingFeedback) and hasClickAction())
            onNode(hasText(strings.ratingFeedback) and hasClickAction()).performClick()
            onNode(hasSetTextAction()).performTextInput("The export button crashes.")
            screenshots("rating-prompt-feedback")
            onNode(hasText(strings.ratingFeedbackSend) and hasClickAction()).performClick()
            waitFor(hasText(strings.ratingFeedbackSent))
            val answer = prompt.state().answer as PromptAnswer.Answered
            assertEquals(Outcome.Feedback("The export button crashes."), answer.outcome)
            val remoteId = runBlocking {
                assertEquals(0, helpline.flushOutbox())
                helpline.tickets().closedAfter().get(answer.ticket!!.id).ticket.remoteId!!
            }
            assertTrue("the feedback ticket reached the helpdesk", server.agentTicket(remoteId).contains("The export button crashes."))
        }
    }
}
