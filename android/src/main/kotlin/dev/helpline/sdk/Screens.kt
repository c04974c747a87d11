// Screen states as Kotlin flows: the core's screen objects (generated in helpline.kt) give
// their state to a listener; one generic adapter turns any of them into a Flow or a StateFlow.
// Each screen adds two one-line functions below. JVM-safe: runs on a desktop JVM too.

package dev.helpline.sdk

import dev.helpline.core.ChatState
import dev.helpline.core.ContactFormState
import dev.helpline.core.HelpCenterState
import dev.helpline.core.RatingPromptState
import dev.helpline.core.ScreenSubscription
import dev.helpline.core.SupportHomeState
import dev.helpline.core.TicketListState
import dev.helpline.core.TicketScreenState
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.stateIn
import java.util.TimeZone

/**
 * A screen's states as a cold [Flow]: the whole state first, then the latest of each change (a
 * slow collector skips the states it missed, never builds a backlog). Cancelling the collection
 * closes the subscription. [subscribe] calls the screen's `subscribe` with a listener that
 * forwards to the function it is given (it runs on the SDK's thread: only the hand-over).
 */
internal fun <S> screenStates(subscribe: ((S) -> Unit) -> ScreenSubscription): Flow<S> =
    callbackFlow {
        val subscription = subscribe { trySend(it) }
        awaitClose { subscription.close() }
    }.buffer(Channel.CONFLATED)

/** The device's offset from UTC now, for a timeline's days. */
internal fun utcOffsetSecondsNow(): Int = TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 1000

/**
 * A screen's states as a [StateFlow] in [scope] (e.g. a ViewModel's): its value is [now] at
 * once; the SDK is listened to only while someone collects, and for [stopTimeoutMillis] after
 * (a configuration change does not resubscribe).
 */
internal fun <S> Flow<S>.screenStateIn(scope: CoroutineScope, now: S, stopTimeoutMillis: Long): StateFlow<S> =
    stateIn(scope, SharingStarted.WhileSubscribed(stopTimeoutMillis), now)

/** The contact form's states (see [screenStates]); the actions are [ContactForm]'s suspend functions. */
fun ContactForm.states(): Flow<ContactFormState> =
    screenStates { send -> subscribe(object : ContactFormListener { override fun onState(state: ContactFormState) = send(state) }) }

/** The contact form as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun ContactForm.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<ContactFormState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** The help center screen's states (see [screenStates]); the actions are [HelpCenterScreen]'s. */
fun HelpCenterScreen.states(): Flow<HelpCenterState> =
    screenStates { send -> subscribe(object : HelpCenterListener { override fun onState(state: HelpCenterState) = send(state) }) }

/** The help center screen as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun HelpCenterScreen.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<HelpCenterState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** The rating prompt's states (see [screenStates]). */
fun RatingPrompt.states(): Flow<RatingPromptState> =
    screenStates { send -> subscribe(object : RatingPromptListener { override fun onState(state: RatingPromptState) = send(state) }) }

/** The rating prompt as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun RatingPrompt.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<RatingPromptState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** The chat screen, its days in the device's time zone now; `start()` opens the chat. */
fun Helpline.chatScreen(): ChatScreen = chatScreen(utcOffsetSecondsNow())

/** The chat's states (see [screenStates]). */
fun ChatScreen.states(): Flow<ChatState> =
    screenStates { send -> subscribe(object : ChatListener { override fun onState(state: ChatState) = send(state) }) }

/** The chat as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun ChatScreen.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<ChatState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** The ticket list's states (see [screenStates]). */
fun TicketListScreen.states(): Flow<TicketListState> =
    screenStates { send -> subscribe(object : TicketListListener { override fun onState(state: TicketListState) = send(state) }) }

/** The ticket list as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun TicketListScreen.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<TicketListState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** One ticket's screen, its days in the device's time zone now. */
fun Helpline.ticketScreen(ticketId: String): TicketScreen = ticketScreen(ticketId, utcOffsetSecondsNow())

/** A ticket's states (see [screenStates]). */
fun TicketScreen.states(): Flow<TicketScreenState> =
    screenStates { send -> subscribe(object : TicketScreenListener { override fun onState(state: TicketScreenState) = send(state) }) }

/** A ticket as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun TicketScreen.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<TicketScreenState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)

/** The support home's states (see [screenStates]); `refresh()` is its pull to refresh. */
fun SupportHome.states(): Flow<SupportHomeState> =
    screenStates { send -> subscribe(object : SupportHomeListener { override fun onState(state: SupportHomeState) = send(state) }) }

/** The support home as a [StateFlow] in [scope], listening to the SDK only while collected. */
fun SupportHome.stateIn(scope: CoroutineScope, stopTimeoutMillis: Long = 5_000): StateFlow<SupportHomeState> =
    states().screenStateIn(scope, state(), stopTimeoutMillis)
