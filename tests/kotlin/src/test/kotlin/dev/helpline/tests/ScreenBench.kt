// Part of `cargo xtask bench-kotlin`: from an agent's message to the chat screen's new state in
// a Kotlin collector, at a short and at a 1,000-message timeline. Asserts nothing.

package dev.helpline.tests

import dev.helpline.core.Identity
import dev.helpline.core.TimelineItem
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.chatScreen
import dev.helpline.sdk.states
import java.nio.file.Path
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

fun benchChatScreen(server: ReferenceServer, dir: Path) = runBlocking {
    val config = HelplineConfig(server.baseUrl, "bench-chat", "bench", dir.resolve("chat").toString(), platform = "jvm")
    Helpline.open(config).use { helpline ->
        helpline.setIdentity(Identity.Anonymous("Bench", null))
        helpline.chatScreen().use { chat ->
            // The texts of the agent's messages in each state, as a collector on the app's side sees them.
            val seen = Channel<Set<String>>(Channel.CONFLATED)
            val collecting = launch(Dispatchers.Default) {
                chat.states().collect { state ->
                    seen.send(state.timeline.mapNotNullTo(HashSet()) { (it as? TimelineItem.Message)?.message?.text })
                }
            }
            val conversation = chat.start()
            var said = 0
            suspend fun roundTrip(): Long {
                val text = "agent message ${said++}"
                val t0 = System.nanoTime()
                server.agentSay(conversation.id, text)
                withTimeout(10_000) { while (text !in seen.receive()) Unit }
                return System.nanoTime() - t0
            }
            repeat(20) { roundTrip() }
            percentiles("agent message -> chat state in Kotlin (~25 items)", roundTrips(200) { roundTrip() })

            print("filling the conversation to 1,000 messages... ")
            while (said < 1_000) roundTrip()
            println("done (${chat.state().timeline.size} timeline items)")
            percentiles("agent message -> chat state in Kotlin (1,000+ items)", roundTrips(200) { roundTrip() })
            collecting.cancel()
        }
    }
}

private suspend fun roundTrips(times: Int, one: suspend () -> Long): LongArray {
    val nanos = LongArray(times)
    for (i in 0 until times) nanos[i] = one()
    return nanos
}

/** Prints the median and the 99th percentile of [nanos]. */
private fun percentiles(what: String, nanos: LongArray) {
    nanos.sort()
    println("%-56s p50 %.2f ms, p99 %.2f ms (%d runs)".format(what, nanos[nanos.size / 2] / 1e6, nanos[nanos.size * 99 / 100] / 1e6, nanos.size))
}
