import CryptoKit
import Foundation

/// target/debug/helpline-server on a free port of 127.0.0.1, with demo data.
final class ReferenceServer {
    static let agentToken = "agent-token-of-the-swift-tests"
    static let jwtSecret = "jwt-secret-of-the-swift-tests"

    let baseURL: String
    private let process: Process

    init(directory: URL) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../..").standardized
        let exe = ProcessInfo.processInfo.environment["HELPLINE_SERVER"]
            ?? root.appendingPathComponent("target/debug/helpline-server").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = [
            "--port", "0", "--db", directory.appendingPathComponent("helpdesk.db").path,
            "--seed", "demo", "--agent-token", ReferenceServer.agentToken,
            "--jwt-secret", ReferenceServer.jwtSecret, "--dev",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RUST_LOG"] = "warn"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = ReferenceServer.firstLine(of: output.fileHandleForReading)
        guard line.hasPrefix("listening on http://") else {
            process.terminate()
            throw NSError(domain: "ReferenceServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "server said: \(line)"])
        }
        self.process = process
        self.baseURL = String(line.dropFirst("listening on ".count))
    }

    /// An agent's public reply on the ticket the helpdesk knows as `remoteId`.
    func agentReply(remoteId: Int64, body: String, status: String = "pending") async throws {
        let ticket: [String: Any] = ["comment": ["body": body, "public": true], "status": status]
        let json = try JSONSerialization.data(withJSONObject: ["ticket": ticket])
        try await agent("PUT", "/api/v2/tickets/\(remoteId).json", json: json, expecting: 200)
    }

    /// The agent writes in the live conversation `conversationId` (joining it the first time).
    func agentSay(conversationId: Int64, text: String) async throws {
        let json = try JSONSerialization.data(withJSONObject: ["message": ["text": text]])
        try await agent("POST", "/api/v2/agent/conversations/\(conversationId)/messages.json", json: json, expecting: 201)
    }

    /// The agent ends the live conversation `conversationId`: its request is solved.
    func agentEnd(conversationId: Int64) async throws {
        try await agent("POST", "/api/v2/agent/conversations/\(conversationId)/end.json", json: Data("{}".utf8), expecting: 200)
    }

    /// Every satisfaction rating, as the agent's list's JSON objects.
    func satisfactionRatings() async throws -> [[String: Any]] {
        let body = try await agent("GET", "/api/v2/satisfaction_ratings.json", expecting: 200)
        let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return page?["satisfaction_ratings"] as? [[String: Any]] ?? []
    }

    /// The agent merges `json` (a partial `settings` object) into `appId`'s remote settings.
    func agentSettings(appId: String, json: String) async throws {
        let body = Data("{\"settings\": \(json)}".utf8)
        try await agent("PUT", "/api/v2/agent/mobile_sdk/settings/\(appId).json", json: body, expecting: 200)
    }

    /// The ticket the helpdesk knows as `remoteId`, as the agent's JSON (its `metadata` too).
    func agentTicket(remoteId: Int64) async throws -> String {
        try await agent("GET", "/api/v2/tickets/\(remoteId).json", expecting: 200)
    }

    /// Every comment of ticket `remoteId` with its attachments, as the agent's JSON.
    func agentComments(remoteId: Int64) async throws -> String {
        try await agent("GET", "/api/v2/tickets/\(remoteId)/comments.json", expecting: 200)
    }

    /// User `id` with their fields, as the agent's JSON object.
    func agentUser(id: Int64) async throws -> [String: Any] {
        let body = try await agent("GET", "/api/v2/users/\(id).json", expecting: 200)
        let envelope = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return envelope?["user"] as? [String: Any] ?? [:]
    }

    /// Every registered push device, as the agent endpoint's JSON.
    func pushDevices() async throws -> String {
        try await agent("GET", "/api/v2/agent/push_notification_devices.json", expecting: 200)
    }

    /// The payloads of the pushes the helpdesk sent (what APNs would deliver), oldest first.
    func sentPushPayloads() async throws -> [String] {
        let body = try await agent("GET", "/api/v2/agent/push_notifications.json", expecting: 200)
        let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let pushes = page?["push_notifications"] as? [[String: Any]] ?? []
        return try pushes.compactMap { push in
            guard let payload = push["payload"] else { return nil }
            return String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        }
    }

    /// An HS256 JWT the server accepts, as an app's backend would sign it.
    static func signJwt(externalId: String, email: String) throws -> String {
        let header = try JSONSerialization.data(withJSONObject: ["alg": "HS256", "typ": "JWT"])
        let claims = try JSONSerialization.data(withJSONObject: [
            "external_id": externalId, "name": externalId, "email": email,
            "iat": Int(Date().timeIntervalSince1970), "jti": UUID().uuidString,
        ] as [String: Any])
        let unsigned = base64URL(header) + "." + base64URL(claims)
        let key = SymmetricKey(data: Data(jwtSecret.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data(unsigned.utf8), using: key)
        return unsigned + "." + base64URL(Data(signature))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// An agent's call: `method` on `path`, with `json` as its body; returns the answer's body.
    @discardableResult
    private func agent(_ method: String, _ path: String, json: Data? = nil, expecting status: Int) async throws -> String {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(ReferenceServer.agentToken)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = json
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = String(decoding: data, as: UTF8.self)
        guard (response as? HTTPURLResponse)?.statusCode == status else {
            throw NSError(domain: "ReferenceServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(method) \(path): \(body)"])
        }
        return body
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func firstLine(of handle: FileHandle) -> String {
        var bytes = Data()
        while let byte = try? handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}

