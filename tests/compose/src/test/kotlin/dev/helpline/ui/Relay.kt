package dev.helpline.ui

import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.concurrent.thread

/**
 * A TCP relay on 127.0.0.1 in front of the reference server, to take the SDK offline and back:
 * [down] cuts every open connection and refuses new ones (the SDK sees a dropped network),
 * [up] lets them through again. Real sockets, no mocked transport.
 */
class Relay(target: String) : AutoCloseable {
    private val to = URI(target).let { InetSocketAddress(it.host, it.port) }
    private val listener = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val open = CopyOnWriteArrayList<Socket>()

    @Volatile
    private var cut = false

    val baseUrl = "http://127.0.0.1:${listener.localPort}"

    init {
        thread(isDaemon = true, name = "relay") {
            while (!listener.isClosed) {
                val client = runCatching { listener.accept() }.getOrNull() ?: break
                if (cut) {
                    client.close()
                    continue
                }
                val server = runCatching { Socket().apply { connect(to, 5_000) } }.getOrElse { client.close(); continue }
                open += client
                open += server
                pipe(client.getInputStream(), server.getOutputStream(), client, server)
                pipe(server.getInputStream(), client.getOutputStream(), client, server)
            }
        }
    }

    fun down() {
        cut = true
        open.forEach { runCatching { it.close() } }
        open.clear()
    }

    fun up() {
        cut = false
    }

    override fun close() {
        listener.close()
        down()
    }

    private fun pipe(from: InputStream, to: OutputStream, vararg sockets: Socket) = thread(isDaemon = true, name = "relay-pipe") {
        runCatching { from.copyTo(to, 16 * 1024) }
        sockets.forEach { runCatching { it.close() } }
    }
}
