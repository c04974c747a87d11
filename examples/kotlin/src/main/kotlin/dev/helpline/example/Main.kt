// First steps with Helpline from Kotlin. On Android, the same calls run in a ViewModel:
// `helpline.events()` collected in `viewModelScope`, suspend functions called from coroutines.

package dev.helpline.example

import dev.helpline.core.DeliveryState
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineEvent
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.TicketDraft
import dev.helpline.sdk.events
import java.nio.file.Files
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

fun main(args: Array<String>) = runBlocking {
    val server = args.firstOrNull() ?: "http://127.0.0.1:8080"
    // On Android: File(context.filesDir, "helpline").path (or androidConfig(context, ...)).
    val dataDir = Files.createTempDirectory("helpline-example").toString()

    // 1. Open the SDK once per process. It never waits on the network.
    val config = HelplineConfig(baseUrl = server, appId = "example", clientId = "kotlin-example", dataDir = dataDir, platform = "jvm")
    Helpline.open(config).use { helpline ->
        // 2. Say who the user is (no network needed).
        helpline.setIdentity(Identity.Anonymous(name = "Ana", email = "ana@example.com"))

        // 3. Observe: the current state first, then every change.
        val subscribed = CompletableDeferred<Unit>()
        val observer = launch(Dispatchers.Default) {
            helpline.events().collect { event ->
                println("  event: ${describe(event)}")
                subscribed.complete(Unit)
            }
        }
        subscribed.await()

        // 4. Create a ticket: durable at once, sent by the outbox.
        val tickets = helpline.tickets()
        val ticket = tickets.create(TicketDraft(subject = "Order #1042 is late", description = "It was due on Monday."))
        println("created ticket ${ticket.id} (${label(ticket.delivery)})")

        // Bad input is a typed exception naming the field.
        try {
            tickets.create(TicketDraft(subject = "Empty", description = ""))
        } catch (e: HelplineException.Validation) {
            println("refused: ${e.field} ${e.reason}")
        }

        // 5. Send what is queued and bring the helpdesk's view.
        try {
            val report = helpline.sync()
            println("synced: ${report.ticketsChanged} tickets changed, ${report.outboxPending} writes pending")
        } catch (e: HelplineException.Offline) {
            println("offline (${e.reason}): the ticket stays in the outbox and is sent later")
        }

        // 6. List from the device.
        for (t in tickets.list()) {
            println("ticket ${t.remoteId ?: "-"} [${t.status}, ${label(t.delivery)}] ${t.subject}")
        }

        // 7. The help center: sync once, then search offline.
        helpline.helpCenter().use { helpCenter ->
            runCatching { helpCenter.sync() }.onSuccess { println("help center: ${it.articlesChanged} articles") }
            helpCenter.searchOffline("callback", limit = 3).forEach { println("article: ${it.article.title}") }
        }

        observer.cancel()
        tickets.close()
    }
}

private fun describe(event: HelplineEvent): String = when (event) {
    is HelplineEvent.Snapshot -> "snapshot (${event.tickets.size} tickets, ${event.unreadCount} unread, ${event.outbox.size} queued)"
    is HelplineEvent.OutboxChanged -> "${event.item.kind} ${label(event.item.state)}"
    is HelplineEvent.TicketChanged -> "ticket ${event.ticketId} changed"
    else -> event::class.simpleName.orEmpty()
}

private fun label(state: DeliveryState): String = when (state) {
    is DeliveryState.Pending -> "pending"
    is DeliveryState.Sent -> "sent"
    is DeliveryState.Failed -> "failed: ${state.reason}"
}
