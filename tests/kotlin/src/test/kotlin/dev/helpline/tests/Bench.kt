// `cargo xtask bench-kotlin`: what the Kotlin bindings cost, in figures. Asserts nothing.

package dev.helpline.tests

import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.core.Identity
import dev.helpline.core.TicketDraft
import java.nio.file.Files
import kotlinx.coroutines.runBlocking

fun main() {
    val dir = Files.createTempDirectory("helpline-bench")
    ReferenceServer.start(dir.resolve("server").also { Files.createDirectories(it) }).use { server ->
        val config = HelplineConfig(server.baseUrl, "bench", "bench", dir.resolve("sdk").toString(), platform = "jvm")
        Helpline.open(config).use { helpline ->
            runBlocking { helpline.setIdentity(Identity.Anonymous("Bench", null)) }
            helpline.tickets().use { tickets ->
                // A trivial call: one FFI round trip that reads one small value from SQLite.
                report("trivial call (tickets.unreadCount)", 20_000) { tickets.unreadCount() }
                report("trivial call (helpline.wasRecovered, no I/O)", 200_000) { helpline.wasRecovered() }

                print("creating and sending 1,000 tickets... ")
                val started = System.nanoTime()
                runBlocking {
                    repeat(1_000) { tickets.create(TicketDraft(subject = "Ticket $it", description = "Benchmark ticket number $it")) }
                }
                val pending = runBlocking { helpline.flushOutbox() }
                println("%.1f s (%d still pending)".format((System.nanoTime() - started) / 1e9, pending.toInt()))
                println("cached tickets: ${tickets.list().size}")
                report("list 1,000 cached tickets (one call)", 200) { tickets.list() }
            }
            helpline.helpCenter().use { helpCenter ->
                val synced = runBlocking { helpCenter.sync() }
                println("help center: ${synced.articlesChanged} articles synced")
                report("offline search \"reset password\" (FTS5, 20 hits max)", 2_000) { helpCenter.searchOffline("reset password") }
                report("offline search \"callback\"", 2_000) { helpCenter.searchOffline("callback") }
                report("suggestions for a ticket draft", 2_000) {
                    helpCenter.suggestions("Invoice", "Where can I download the invoice of my last payment?")
                }
            }
            benchChatScreen(server, dir)
        }
    }
}

/** Runs [block] [times] times after a warm-up and prints the median, the mean and the best. */
private fun report(what: String, times: Int, block: () -> Unit) {
    repeat(times / 10) { block() }
    val durations = LongArray(times)
    for (i in 0 until times) {
        val t0 = System.nanoTime()
        block()
        durations[i] = System.nanoTime() - t0
    }
    durations.sort()
    val mean = durations.sum() / times
    println("%-52s median %s, mean %s, best %s (%d runs)".format(what, human(durations[times / 2]), human(mean), human(durations[0]), times))
}

private fun human(nanos: Long): String = when {
    nanos >= 1_000_000 -> "%.2f ms".format(nanos / 1e6)
    nanos >= 1_000 -> "%.1f µs".format(nanos / 1e3)
    else -> "$nanos ns"
}
