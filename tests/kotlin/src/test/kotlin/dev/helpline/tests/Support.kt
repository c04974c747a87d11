package dev.helpline.tests

import dev.helpline.sdk.HelplineEvent
import dev.helpline.sdk.HelplineListener
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.fail

/** How long a test waits for something that should happen (a guard, not a measurement). */
const val PATIENCE_MS = 20_000L

/** A plain listener that records what it receives, from whichever thread calls it. */
class Recorder : HelplineListener {
    val received = LinkedBlockingQueue<HelplineEvent>()
    val all = java.util.Collections.synchronizedList(mutableListOf<HelplineEvent>())

    override fun onEvent(event: HelplineEvent) {
        all += event
        received += event
    }

    /** The next event matching [wanted], skipping the others. */
    fun await(what: String, wanted: (HelplineEvent) -> Boolean): HelplineEvent {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS)
        while (true) {
            val left = deadline - System.nanoTime()
            val event = received.poll(left.coerceAtLeast(0), TimeUnit.NANOSECONDS)
                ?: fail<Nothing>("no $what event; received so far: $all")
            if (wanted(event)) return event
        }
    }
}

/** The next event of the channel matching [wanted], skipping the others. */
suspend fun ReceiveChannel<HelplineEvent>.awaitEvent(what: String, wanted: (HelplineEvent) -> Boolean): HelplineEvent =
    withTimeout(PATIENCE_MS) {
        while (true) {
            val event = receive()
            if (wanted(event)) return@withTimeout event
        }
        @Suppress("UNREACHABLE_CODE")
        error(what)
    }

/** Native threads of this process named [name] (Linux: /proc/self/task/<tid>/comm). */
fun nativeThreadsNamed(name: String): Int =
    Files.list(Path.of("/proc/self/task")).use { tasks ->
        tasks.filter { runCatching { Files.readString(it.resolve("comm")).trim() == name }.getOrDefault(false) }.count().toInt()
    }

/** Waits until [condition] holds; false if it never did. */
fun eventually(condition: () -> Boolean): Boolean {
    val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS)
    while (System.nanoTime() < deadline) {
        if (condition()) return true
        Thread.sleep(20)
    }
    return condition()
}
