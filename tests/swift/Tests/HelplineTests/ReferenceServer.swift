import Foundation

/// target/debug/helpline-server on a free port of 127.0.0.1, with demo data.
final class ReferenceServer {
    static let agentToken = "agent-token-of-the-swift-tests"

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
    func agentReply(remoteId: UInt64, body: String, status: String = "pending") async throws {
        var request = URLRequest(url: URL(string: "\(baseURL)/api/v2/tickets/\(remoteId).json")!)
        request.httpMethod = "PUT"
        request.setValue("Bearer \(ReferenceServer.agentToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let ticket: [String: Any] = ["comment": ["body": body, "public": true], "status": status]
        request.httpBody = try JSONSerialization.data(withJSONObject: ["ticket": ticket])
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw NSError(domain: "ReferenceServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "agent reply refused"])
        }
    }

    /// The agent writes in the live conversation `conversationId` (joining it the first time).
    func agentSay(conversationId: UInt64, text: String) async throws {
        let url = URL(string: "\(baseURL)/api/v2/agent/conversations/\(conversationId)/messages.json")!
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(ReferenceServer.agentToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["message": ["text": text]])
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else {
            throw NSError(domain: "ReferenceServer", code: 3, userInfo: [NSLocalizedDescriptionKey: "agent message refused"])
        }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    private static func firstLine(of handle: FileHandle) -> String {
        var bytes = Data()
        while let byte = try? handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}

