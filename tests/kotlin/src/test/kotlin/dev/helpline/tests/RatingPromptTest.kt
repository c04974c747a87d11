package dev.helpline.tests

import dev.helpline.core.Identity
import dev.helpline.core.Outcome
import dev.helpline.core.PromptAnswer
import dev.helpline.core.PromptReason
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.stateIn
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The rating prompt screen through its StateFlow, against the reference server. */
class RatingPromptTest : ReferenceServerTest() {
    @Test
    fun `the prompt's StateFlow asks once every rule is met, then not after no thanks`() = runBlocking {
        val appId = "kotlin-rating-prompt"
        server.agentSettings(appId, """{"rating": {"enabled": true, "min_launches": 1, "min_days_installed": 0, "min_events": 1}}""")
        val helpline = Helpline.open(
            HelplineConfig(baseUrl = server.baseUrl, appId = appId, clientId = "kotlin-tests", dataDir = dir.resolve("ana").toString()),
        ).also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = null))
        helpline.refreshSettings()
        val prompt = helpline.ratingPrompt().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val state = prompt.stateIn(scope)
            withTimeout(10_000) {
                assertEquals(PromptReason.NoLaunchRecorded, state.first { !it.decision.shouldPrompt }.decision.reason)
                helpline.rating().also { opened += it }.apply {
                    recordLaunch("3.1")
                    recordEvent()
                }
                prompt.refresh()
                assertEquals(PromptAnswer.Open, state.first { it.decision.shouldPrompt }.answer)

                prompt.decline()
                val declined = state.first { it.answer is PromptAnswer.Answered }
                assertEquals(PromptAnswer.Answered(Outcome.Declined, null), declined.answer)
                assertEquals(PromptReason.Declined, declined.decision.reason)
            }
        } finally {
            scope.cancel()
        }
    }
}
