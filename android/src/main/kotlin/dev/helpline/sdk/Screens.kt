// Screen states as Kotlin flows: the core's screen objects (generated in helpline.kt) give
// their state to a listener; these adapters turn it into a StateFlow.
// JVM-safe: compiles and runs on a desktop JVM too (tests/kotlin).

package dev.helpline.sdk

import dev.helpline.core.ContactFormState
import dev.helpline.core.RatingPromptState
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.stateIn

/**
 * The contact form's states as a cold [Flow]: the whole state first, then the latest of each
 * change (a slow collector skips the states it missed, never builds a backlog). Cancelling the
 * collection closes the subscription. The actions are [ContactForm]'s suspend functions.
 */
fun ContactForm.states(): Flow<ContactFormState> =
    callbackFlow {
        val subscription = subscribe(ContactFormStates { trySend(it) })
        awaitClose { subscription.close() }
    }.buffer(Channel.CONFLATED)

/**
 * The contact form as a [StateFlow] in [scope] (e.g. a ViewModel's): its value is the state now
 * at once; the SDK is listened to only while someone collects, and for [stopTimeoutMillis] after
 * (a configuration change does not resubscribe).
 */
fun ContactForm.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<ContactFormState> =
    states().stateIn(scope, SharingStarted.WhileSubscribed(stopTimeoutMillis), state())

/** Runs on the SDK's thread: no app code, only the hand-over. */
private class ContactFormStates(private val send: (ContactFormState) -> Unit) : ContactFormListener {
    override fun onState(state: ContactFormState) = send(state)
}

/** The rating prompt's states as a cold [Flow]: the whole state first, then the latest of each. */
fun RatingPrompt.states(): Flow<RatingPromptState> =
    callbackFlow {
        val subscription = subscribe(RatingPromptStates { trySend(it) })
        awaitClose { subscription.close() }
    }.buffer(Channel.CONFLATED)

/** The rating prompt as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun RatingPrompt.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<RatingPromptState> =
    states().stateIn(scope, SharingStarted.WhileSubscribed(stopTimeoutMillis), state())

private class RatingPromptStates(private val send: (RatingPromptState) -> Unit) : RatingPromptListener {
    override fun onState(state: RatingPromptState) = send(state)
}
