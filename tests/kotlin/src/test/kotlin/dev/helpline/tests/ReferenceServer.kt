package dev.helpline.tests

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path
import java.util.Base64
import java.util.UUID
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * target/debug/helpline-server on a free port of 127.0.0.1, with demo data, its database in
 * [dir]. Answers as an agent through the agent endpoints (CONTRACT.md, "Agent side").
 */
class ReferenceServer private constructor(private val process: Process, val baseUrl: String) : AutoCloseable {
    private val http = HttpClient.newHttpClient()

    /** An agent's public reply on the ticket the helpdesk knows as [remoteId]. */
    fun agentReply(remoteId: Long, body: String, status: String = "pending") {
        val json = """{"ticket": {"comment": {"body": ${quote(body)}, "public": true}, "status": ${quote(status)}}}"""
        agent("PUT", "/api/v2/tickets/$remoteId.json", json, expecting = 200)
    }

    /** The agent writes in live conversation [conversationId] (the first time, joining it). */
    fun agentSay(conversationId: Long, text: String) {
        val json = """{"message": {"text": ${quote(text)}}}"""
        agent("POST", "/api/v2/agent/conversations/$conversationId/messages.json", json, expecting = 201)
    }

    /** The agent starts ([active]) or stops typing in live conversation [conversationId]. */
    fun agentTyping(conversationId: Long, active: Boolean) {
        agent("POST", "/api/v2/agent/conversations/$conversationId/typing.json", """{"active": $active}""", expecting = 204)
    }

    /** The agent ends live conversation [conversationId]: its request is solved. */
    fun agentEnd(conversationId: Long) {
        agent("POST", "/api/v2/agent/conversations/$conversationId/end.json", "{}", expecting = 200)
    }

    /** Every satisfaction rating, as the agent's list's JSON. */
    fun satisfactionRatings(): String = agent("GET", "/api/v2/satisfaction_ratings.json", expecting = 200)

    /** The agent merges [settingsJson] (a partial `settings` object) into [appId]'s remote settings. */
    fun agentSettings(appId: String, settingsJson: String) {
        agent("PUT", "/api/v2/agent/mobile_sdk/settings/$appId.json", """{"settings": $settingsJson}""", expecting = 200)
    }

    /** The ticket the helpdesk knows as [remoteId], as the agent's JSON (its `metadata` too). */
    fun agentTicket(remoteId: Long): String = agent("GET", "/api/v2/tickets/$remoteId.json", expecting = 200)

    /** Every comment of ticket [remoteId] with its attachments, as the agent's JSON. */
    fun agentComments(remoteId: Long): String = agent("GET", "/api/v2/tickets/$remoteId/comments.json", expecting = 200)

    /** User [id] with their fields, as the agent's JSON. */
    fun agentUser(id: Long): String = agent("GET", "/api/v2/users/$id.json", expecting = 200)

    /** Every registered push device, as the agent endpoint's JSON. */
    fun pushDevices(): String = agent("GET", "/api/v2/agent/push_notification_devices.json", expecting = 200)

    /** The payloads of the pushes the helpdesk sent (what FCM would deliver), oldest first. */
    fun sentPushPayloads(): List<String> {
        val page = agent("GET", "/api/v2/agent/push_notifications.json", expecting = 200)
        // Compact JSON from serde: each payload is `{"helpline":{...}}`, with nothing nested deeper.
        return Regex(""""payload":(\{"helpline":\{[^{}]*\}\})""").findAll(page).map { it.groupValues[1] }.toList()
    }

    /** An agent's call: [method] on [path] with [json] as its body; the answer's body, once its status is [expecting]. */
    private fun agent(method: String, path: String, json: String? = null, expecting: Int): String {
        val body = json?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody()
        val request = HttpRequest.newBuilder(URI.create("$baseUrl$path"))
            .header("Authorization", "Bearer $AGENT_TOKEN")
            .header("Content-Type", "application/json")
            .method(method, body)
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() == expecting) { "agent $method $path: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }

    companion object {
        const val AGENT_TOKEN = "agent-token-of-the-kotlin-tests"
        const val JWT_SECRET = "jwt-secret-of-the-kotlin-tests"

        fun start(dir: Path): ReferenceServer {
            val exe = System.getProperty("helpline.server") ?: error("-Dhelpline.server is not set (run through cargo xtask test)")
            val builder = ProcessBuilder(
                exe, "--port", "0", "--db", dir.resolve("helpdesk.db").toString(), "--seed", "demo",
                "--agent-token", AGENT_TOKEN, "--jwt-secret", JWT_SECRET, "--dev",
            ).redirectError(dir.resolve("server.log").toFile())
            builder.environment()["RUST_LOG"] = "warn"
            val process = builder.start()
            val line = process.inputStream.bufferedReader().readLine()
            check(line != null && line.startsWith("listening on http://")) {
                "helpline-server did not start (exit ${process.waitFor()}): see ${dir.resolve("server.log")}"
            }
            return ReferenceServer(process, line.removePrefix("listening on ").trim())
        }

        /** An HS256 JWT the server accepts, as an app's backend would sign it. */
        fun signJwt(externalId: String, email: String): String {
            val b64 = Base64.getUrlEncoder().withoutPadding()
            val header = b64.encodeToString("""{"alg":"HS256","typ":"JWT"}""".toByteArray())
            val now = System.currentTimeMillis() / 1000
            val claims = """{"external_id":${quote(externalId)},"name":${quote(externalId)},"email":${quote(email)},""" +
                """"iat":$now,"jti":"${UUID.randomUUID()}"}"""
            val unsigned = "$header.${b64.encodeToString(claims.toByteArray())}"
            val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(JWT_SECRET.toByteArray(), "HmacSHA256")) }
            return "$unsigned.${b64.encodeToString(mac.doFinal(unsigned.toByteArray()))}"
        }

        private fun quote(s: String) = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
    }
}
