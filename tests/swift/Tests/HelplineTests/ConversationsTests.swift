import Foundation
import Helpline
import XCTest

/// Several conversations: started, listed with unread counts, opened (mirrors ConversationsTest.kt).
final class ConversationsTests: ReferenceServerTestCase {
    private func openAna(_ appId: String) async throws -> Helpline {
        let helpline = try open(appId.lowercased(), appId: appId)
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        _ = try await helpline.refreshSettings()
        return helpline
    }

    func testTwoConversationsAreListedWithTheirUnreadCountsAndOpenedInTurn() async throws {
        let helpline = try await openAna("swift-conversations")
        XCTAssertTrue(helpline.settings().messaging.multipleConversations)
        let chat = helpline.messaging()
        let first = try await chat.start()
        let second = try await chat.startNew()
        XCTAssertNotEqual(first.id, second.id)
        XCTAssertEqual(try chat.conversation()?.id, second.id, "the new one is open")

        try await server.agentSay(conversationId: first.id, text: "About your first question")
        let listed = try await chat.refreshConversations()
        let one = try XCTUnwrap(listed.first { $0.id == first.id })
        let two = try XCTUnwrap(listed.first { $0.id == second.id })
        XCTAssertEqual(one.unreadCount, 2, "the greeting and the agent's message")
        XCTAssertEqual(two.unreadCount, 1, "the greeting")
        XCTAssertEqual(one.lastMessage?.text, "About your first question")
        XCTAssertEqual(try chat.unreadCount(), one.unreadCount + two.unreadCount, "the total is the sum")

        _ = try await chat.open(conversationId: first.id)
        XCTAssertTrue(try chat.messages().contains { $0.text == "About your first question" })
        XCTAssertEqual(try chat.messagesOf(conversationId: first.id), try chat.messages())
        XCTAssertEqual(try chat.unreadCountOf(conversationId: second.id), 1)
        chat.stop()
    }

    func testASecondConversationIsATypedValidationWhenTheAppAllowsOne() async throws {
        try await server.agentSettings(appId: "swift-one-conversation", json: #"{"messaging": {"multiple_conversations": false}}"#)
        let helpline = try await openAna("swift-one-conversation")
        let chat = helpline.messaging()
        _ = try await chat.start()
        await assertThrowsAsync(try await chat.startNew()) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "conversation")
        }
        XCTAssertEqual(try chat.conversations().count, 1, "nothing started")
        chat.stop()
    }
}
