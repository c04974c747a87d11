package dev.helpline.tests

import dev.helpline.core.DeliveryState
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineEvent
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.sdk.JwtProvider
import dev.helpline.sdk.SecretStore
import dev.helpline.sdk.SecretStoreException
import dev.helpline.core.OutboxKind
import dev.helpline.core.TicketDraft
import dev.helpline.core.TicketStatus
import dev.helpline.sdk.Tickets
import dev.helpline.sdk.events
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The SDK's runtime: 2 workers and at most 8 threads for storage work (bindings/src/runtime.rs). */
private const val MAX_SDK_THREADS = 10

/** The Kotlin API against a real reference server over loopback. */
class HelplineTest : ReferenceServerTest() {
    private fun config(install: String) = HelplineConfig(
        baseUrl = server.baseUrl,
        appId = "kotlin-tests",
        clientId = "kotlin-tests",
        dataDir = dir.resolve(install).toString(),
        platform = "jvm",
    )

    /** An SDK on its own data directory: a separate install, hence a separate user. */
    private fun open(install: String = "ana"): Helpline = Helpline.open(config(install)).also { opened += it }

    private suspend fun identified(name: String = "Ana"): Helpline = open(name.lowercase()).apply {
        setIdentity(Identity.Anonymous(name = name, email = "${name.lowercase()}@example.com"))
    }

    private fun Helpline.ticketService(): Tickets = tickets().also { opened += it }

    private fun draft(subject: String) = TicketDraft(subject = subject, description = "It was due on Monday.")

    @Test
    fun `a new ticket is pending at once, then sent by the outbox`(): Unit = runBlocking {
        val helpline = identified()
        assertEquals(Identity.Anonymous("Ana", "ana@example.com"), helpline.identity())
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }
        val tickets = helpline.ticketService()

        val ticket = tickets.create(draft("Order #1042 is late"))
        assertEquals(DeliveryState.Pending, ticket.delivery)
        assertNull(ticket.remoteId)
        assertEquals(TicketStatus.NEW, ticket.status)

        val queued = events.await("outbox pending") { it is HelplineEvent.OutboxChanged && it.item.targetId == ticket.id }
        queued as HelplineEvent.OutboxChanged
        assertEquals(OutboxKind.CREATE_TICKET, queued.item.kind)
        assertEquals(DeliveryState.Pending, queued.item.state)
        val sent = events.await("outbox sent") {
            it is HelplineEvent.OutboxChanged && it.item.id == queued.item.id && it.item.state != DeliveryState.Pending
        }
        assertEquals(DeliveryState.Sent, (sent as HelplineEvent.OutboxChanged).item.state)

        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        val stored = tickets.get(ticket.id).ticket
        assertEquals(DeliveryState.Sent, stored.delivery)
        assertNotNull(stored.remoteId)
        assertTrue(helpline.outbox().isEmpty())
    }

    @Test
    fun `tickets are listed and opened from the device, and refreshed from the helpdesk`(): Unit = runBlocking {
        val helpline = identified()
        val tickets = helpline.ticketService()
        val first = tickets.create(draft("First"))
        val second = tickets.create(TicketDraft(subject = "Second", description = "Another question", tags = listOf("billing")))
        assertEquals(setOf(first.id, second.id), tickets.list().map { it.id }.toSet())

        val report = runBlocking { helpline.sync() }
        assertEquals(0, report.outboxPending)
        val listed = tickets.list()
        assertEquals(setOf("First", "Second"), listed.map { it.subject }.toSet())
        assertTrue(listed.all { it.delivery == DeliveryState.Sent && it.remoteId != null })

        val detail = tickets.get(second.id)
        assertEquals("Second", detail.ticket.subject)
        assertEquals(listOf("billing"), detail.ticket.tags)
        val description = detail.comments.first()
        assertEquals("Another question", description.body)
        assertTrue(description.isMine)
        assertTrue(!description.author.isAgent)

        val refreshed = runBlocking { tickets.refresh() }
        assertEquals(listed.map { it.remoteId }.toSet(), refreshed.map { it.remoteId }.toSet())
        assertEquals(listed.single { it.id == first.id }, tickets.findByRemoteId(listed.single { it.id == first.id }.remoteId!!))
    }

    @Test
    fun `an agent reply arrives through the Flow`() = runBlocking {
        val helpline = identified()
        val tickets = helpline.ticketService()
        val ticket = tickets.create(draft("Where is my parcel?"))
        assertEquals(0, helpline.flushOutbox())
        val remoteId = tickets.get(ticket.id).ticket.remoteId!!

        val events = Channel<HelplineEvent>(Channel.UNLIMITED)
        val collecting = launch(Dispatchers.Default) { helpline.events().collect { events.send(it) } }
        val snapshot = events.awaitEvent("snapshot") { true }
        snapshot as HelplineEvent.Snapshot
        assertEquals(listOf(ticket.id), snapshot.tickets.map { it.id })
        assertEquals(0, snapshot.unreadCount)
        assertTrue(snapshot.outbox.isEmpty())

        server.agentReply(remoteId, "It left our warehouse this morning.")
        assertTrue(helpline.sync().ticketsChanged >= 1)
        events.awaitEvent("ticket changed") { it is HelplineEvent.TicketChanged && it.ticketId == ticket.id }
        collecting.cancel()

        val detail = tickets.get(ticket.id)
        val reply = detail.comments.last()
        assertEquals("It left our warehouse this morning.", reply.body)
        assertTrue(reply.author.isAgent)
        assertTrue(!reply.isMine)
        assertEquals(TicketStatus.PENDING, detail.ticket.status)
        assertTrue(detail.ticket.unread)
        assertEquals(1, tickets.unreadCount())
        tickets.markRead(ticket.id)
        assertEquals(0, tickets.unreadCount())
    }

    @Test
    fun `bad input raises typed exceptions naming the field`(): Unit = runBlocking {
        val helpline = open()
        assertThrows<HelplineException.NoIdentity> { helpline.tickets().use { it.create(draft("Too early")) } }

        val badEmail = assertThrows<HelplineException.Validation> { helpline.setIdentity(Identity.Anonymous("Ana", "not-an-email")) }
        assertEquals("email", badEmail.field)

        helpline.setIdentity(Identity.Anonymous("Ana", null))
        val tickets = helpline.ticketService()
        val empty = assertThrows<HelplineException.Validation> { tickets.create(TicketDraft(subject = "Hello", description = "")) }
        assertEquals("description", empty.field)
        assertTrue(empty.reason.isNotBlank())
        assertTrue(tickets.list().isEmpty(), "nothing was stored")

        val missing = assertThrows<HelplineException.NotFound> { tickets.get("no-such-ticket") }
        assertTrue(missing.what.contains("no-such-ticket"))
        assertThrows<HelplineException.NotFound> { helpline.retry(424242) }

        val insecure = assertThrows<HelplineException.Validation> {
            Helpline.open(config("insecure").copy(baseUrl = "http://help.example.com")).close()
        }
        assertEquals("base_url", insecure.field)
    }

    @Test
    fun `a JWT identity signs in through the app's provider`(): Unit = runBlocking {
        val helpline = open("carla")
        val calls = AtomicInteger()
        helpline.setJwtProvider(object : JwtProvider {
            override suspend fun jwt(userToken: String): String {
                assertEquals("session-of-carla", userToken)
                calls.incrementAndGet()
                return ReferenceServer.signJwt("carla-42", "carla@example.com")
            }
        })
        helpline.setIdentity(Identity.Jwt("session-of-carla"))
        val tickets = helpline.ticketService()
        tickets.create(draft("Carla's ticket"))
        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        assertEquals(1, calls.get())
        assertEquals(listOf("Carla's ticket"), runBlocking { tickets.refresh() }.map { it.subject })
    }

    /** An app's vault, in memory, as the Keystore one is given on Android. */
    private class MemoryVault(private val broken: Boolean = false) : SecretStore {
        val secrets = java.util.concurrent.ConcurrentHashMap<String, String>()
        override fun get(key: String): String? =
            if (broken) throw SecretStoreException.Failed("locked") else secrets[key]
        override fun set(key: String, value: String) { secrets[key] = value }
        override fun delete(key: String) { secrets.remove(key) }
    }

    @Test
    fun `the app's secret store keeps the credentials, and sign-out forgets them`(): Unit = runBlocking {
        val vault = MemoryVault()
        val helpline = Helpline.openWithSecretStore(config("erin"), vault).also { opened += it }
        helpline.setIdentity(Identity.Anonymous(name = "Erin", email = null))
        helpline.ticketService().create(draft("Vaulted"))
        assertEquals(0, helpline.flushOutbox())
        assertNotNull(vault.secrets["access_token"])
        val installId = vault.secrets["install_id"]
        assertNotNull(installId)
        assertTrue(!dir.resolve("erin").resolve("secrets.json").toFile().exists())
        helpline.clearIdentity()
        assertNull(vault.secrets["access_token"])
        assertNotEquals(installId, vault.secrets["install_id"])

        val refused = assertThrows<HelplineException.Storage> {
            Helpline.openWithSecretStore(config("frank"), MemoryVault(broken = true)).close()
        }
        assertTrue(refused.reason.contains("locked"), refused.reason)
    }

    @Test
    fun `a failing JWT provider keeps writes pending and raises Unauthorized`(): Unit = runBlocking {
        val helpline = open("dan")
        helpline.setJwtProvider(object : JwtProvider {
            override suspend fun jwt(userToken: String): String = throw java.io.IOException("backend unreachable")
        })
        helpline.setIdentity(Identity.Jwt("session-of-dan"))
        val tickets = helpline.ticketService()
        tickets.create(draft("Waiting for sign-in"))
        runBlocking { assertEquals(1, helpline.flushOutbox()) }
        val refused = assertThrows<HelplineException.Unauthorized> { runBlocking { tickets.refresh() } }
        assertTrue(refused.reason.contains("backend unreachable"), refused.reason)
        assertEquals(DeliveryState.Pending, helpline.outbox().single().state)
    }

    @Test
    fun `a comment on a closed ticket opens a follow-up`(): Unit = runBlocking {
        val helpline = identified("Eve")
        val tickets = helpline.ticketService()
        val ticket = tickets.create(draft("Refund"))
        runBlocking { helpline.flushOutbox() }
        val remoteId = tickets.get(ticket.id).ticket.remoteId!!
        server.agentReply(remoteId, "Refunded. Closing.", status = "closed")
        runBlocking { helpline.sync() }
        assertEquals(TicketStatus.CLOSED, tickets.get(ticket.id).ticket.status)
        assertThrows<HelplineException.TicketClosed> { tickets.solve(ticket.id) }

        val comment = tickets.addComment(ticket.id, "One more thing")
        assertNotEquals(ticket.id, comment.ticketId)
        val followup = tickets.get(comment.ticketId).ticket
        assertEquals(remoteId, followup.followupSourceId)
        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        assertEquals(2, tickets.list().size)
    }

    @Test
    fun `solving is queued and reaches the helpdesk`(): Unit = runBlocking {
        val helpline = identified("Fay")
        val tickets = helpline.ticketService()
        val ticket = tickets.create(draft("Solved by myself"))
        val item = tickets.solve(ticket.id)
        assertEquals(OutboxKind.SOLVE_TICKET, item.kind)
        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        assertEquals(TicketStatus.SOLVED, runBlocking { tickets.refreshTicket(ticket.id) }.ticket.status)
    }

    @Test
    fun `signing out wipes the user's data and says so`(): Unit = runBlocking {
        val helpline = identified("Gus")
        val tickets = helpline.ticketService()
        tickets.create(draft("Private"))
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }
        events.await("snapshot") { it is HelplineEvent.Snapshot && it.tickets.size == 1 }
        helpline.clearIdentity()
        events.await("identity changed") { it == HelplineEvent.IdentityChanged }
        assertNull(helpline.identity())
        assertTrue(tickets.list().isEmpty())
        assertTrue(helpline.outbox().isEmpty())
    }

    @Test
    fun `a closed subscription delivers no more events`(): Unit = runBlocking {
        val helpline = identified()
        val closed = Recorder()
        val open = Recorder()
        val subscription = helpline.subscribe(closed)
        helpline.subscribe(open).also { opened += it }
        closed.await("snapshot") { it is HelplineEvent.Snapshot }
        open.await("snapshot") { it is HelplineEvent.Snapshot }

        subscription.close()
        val before = closed.all.toList()
        helpline.ticketService().create(draft("After the close"))
        open.await("tickets changed") { it == HelplineEvent.TicketsChanged }
        runBlocking { helpline.flushOutbox() }
        open.await("outbox sent") { it is HelplineEvent.OutboxChanged && it.item.state == DeliveryState.Sent }
        assertEquals(before, closed.all.toList())
        subscription.close() // idempotent
    }

    @Test
    fun `closing the SDK frees its directory and keeps its data, and every SDK shares one bounded runtime`(): Unit = runBlocking {
        val helpline = identified()
        assertTrue(nativeThreadsNamed("helpline") > 0, "the SDK works on its own threads")
        val tickets = helpline.tickets()
        val ticket = tickets.create(draft("Kept on the device"))
        val inUse = assertThrows<HelplineException.DataDirInUse> { open("ana") }
        assertTrue(inUse.path.endsWith("ana"), inUse.path)
        tickets.close()
        helpline.close()
        assertThrows<IllegalStateException> { helpline.tickets() }

        // Opening and closing more SDKs adds no runtime: the threads stay within the bound.
        repeat(5) { identified("User$it").close() }
        assertTrue(nativeThreadsNamed("helpline") <= MAX_SDK_THREADS, "${nativeThreadsNamed("helpline")} SDK threads")

        val reopened = open("ana")
        assertEquals(listOf(ticket.id), reopened.ticketService().list().map { it.id })
    }

    @Test
    fun `a ticket with a screenshot uploads it, lists it with its URL, and downloads it back`(): Unit = runBlocking {
        val helpline = identified()
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }
        val tickets = helpline.ticketService()
        val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + ByteArray(40_000) { (it % 251).toByte() }
        val shot = Files.write(dir.resolve("shot.png"), png)

        val ticket = tickets.create(
            TicketDraft(subject = "Crash", description = "See the screenshot", attachments = listOf(shot.toString())),
        )
        Files.delete(shot) // The SDK copied it: the app's file may go at once.
        val pending = tickets.get(ticket.id).comments.first().attachments.single()
        assertEquals("shot.png", pending.fileName)
        assertEquals("image/png", pending.contentType)
        assertNull(pending.contentUrl)

        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        events.await("the upload's end") {
            it is HelplineEvent.UploadProgress && it.fileName == "shot.png" && it.sentBytes == png.size.toLong()
        }
        val listed = runBlocking { tickets.refreshTicket(ticket.id) }.comments.first().attachments.single()
        assertNotNull(listed.id)
        assertTrue(listed.contentUrl!!.startsWith(server.baseUrl), listed.contentUrl)
        val back = dir.resolve("back.png")
        assertEquals(png.size.toLong(), runBlocking { helpline.downloadAttachment(listed, back.toString()) })
        assertTrue(png.contentEquals(Files.readAllBytes(back)))

        val big = dir.resolve("recording.mp4")
        java.io.RandomAccessFile(big.toFile(), "rw").use { it.setLength(30_000_000) }
        val refused = assertThrows<HelplineException.AttachmentTooLarge> {
            tickets.create(TicketDraft(description = "Watch this", attachments = listOf(big.toString())))
        }
        assertEquals("recording.mp4", refused.file)
        assertEquals(30_000_000L, refused.size)
        assertEquals(20L * 1024 * 1024, refused.limit)
    }
}
