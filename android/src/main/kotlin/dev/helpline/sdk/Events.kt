// The idiomatic Kotlin layer over the generated bindings (helpline.kt, same package).
// JVM-safe: compiles and runs on a desktop JVM too (tests/kotlin).

package dev.helpline.sdk

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.flowOn

/**
 * Every change the SDK makes, as a cold [Flow]: a [HelplineEvent.Snapshot] of the current
 * state first (tickets, unread count, outbox), then each change in order.
 *
 * The SDK's thread only hands each event to a channel; your collector runs in its own context,
 * so collecting on `Dispatchers.Main` (e.g. `lifecycleScope`) is safe. Subscribing reads the
 * local database once, on [Dispatchers.IO]. Cancelling the collection closes the subscription.
 */
fun Helpline.events(): Flow<HelplineEvent> =
    callbackFlow {
        val subscription = subscribe(ChannelListener { trySend(it) })
        awaitClose { subscription.close() }
    }.buffer(Channel.UNLIMITED).flowOn(Dispatchers.IO)

/** Runs on the SDK's thread: no app code, only the hand-over. */
private class ChannelListener(private val send: (HelplineEvent) -> Unit) : HelplineListener {
    override fun onEvent(event: HelplineEvent) = send(event)
}
