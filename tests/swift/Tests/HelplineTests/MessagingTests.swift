import Foundation
import Helpline
import XCTest

/// Live chat: the realtime link, sending, an agent's answer (mirrors MessagingTest.kt).
final class MessagingTests: ReferenceServerTestCase {
    func testAChatMessageIsConfirmedAndTheAgentAnswers() async throws {
        let helpline = try await identified()
        let recorder = Recorder()
        let subscription = try helpline.subscribe(listener: recorder)
        defer { subscription.cancel() }
        let chat = helpline.messaging()
        let conversation = try await chat.start()
        XCTAssertTrue(recorder.wait { event in
            if case .chat(event: .connection(state: .connected)) = event { return true }
            return false
        })
        let mine = try await chat.send(text: "Hello from Swift")
        XCTAssertEqual(mine.delivery, .pending)
        _ = try await helpline.flushOutbox()
        XCTAssertTrue(try chat.messages().contains { $0.localId == mine.localId && $0.delivery == .sent })

        try await server.agentSay(conversationId: conversation.id, text: "Hi from the agent")
        XCTAssertTrue(recorder.wait { event in
            if case .chat(event: .agentJoined) = event { return true }
            return false
        })
        XCTAssertTrue(try eventually { try chat.messages().contains { $0.text == "Hi from the agent" } })
        // The bot's greeting (and its article suggestions, if any) and the agent's answer; not mine.
        let fromThem = try chat.messages().filter { $0.author.kind == .agent || $0.author.kind == .bot }.count
        XCTAssertGreaterThanOrEqual(fromThem, 2, "greeting and answer")
        XCTAssertEqual(try chat.unreadCount(), Int32(fromThem))
        try await chat.markRead()
        XCTAssertEqual(try chat.unreadCount(), 0)
        chat.stop()
    }

    func testAnEmptyChatMessageIsATypedValidationNamingText() async throws {
        let helpline = try open()
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        let chat = helpline.messaging()
        await assertThrowsAsync(try await chat.send(text: "   ")) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "text")
        }
    }
}
