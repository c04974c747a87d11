import Foundation
import Helpline
import XCTest

/// The chat screen through its model (mirrors ChatScreenTest.kt).
final class ChatScreenTests: ReferenceServerTestCase {
    private func texts(_ state: ChatState) -> [String] {
        state.timeline.compactMap { item in
            if case let .message(message, _) = item { return message.text }
            return nil
        }
    }

    @MainActor
    func testTheModelShowsMyMessageSentAndTheAgentsAnswerReadWhileVisible() async throws {
        let helpline = try await identified("Ana")
        let model = ChatModel(try helpline.chatScreen())
        let conversation = try await model.screen.start()
        let open = try await until(model) { $0.status == .open && $0.banner == .online }
        if case .day = open.timeline.first {} else { XCTFail("a day separator first: \(open.timeline)") }
        try await model.screen.setVisible(visible: true)

        try await model.screen.setComposer(text: "Hello from Swift")
        _ = try await model.screen.send()
        let sent = try await until(model) { self.texts($0).contains("Hello from Swift") }
        XCTAssertEqual(sent.composer.text, "", "the composer empties")

        try await server.agentSay(conversationId: conversation.id, text: "Hi Ana")
        let answered = try await until(model) { self.texts($0).contains("Hi Ana") && $0.unreadCount == 0 }
        XCTAssertTrue(answered.timeline.contains { if case .notice = $0 { return true } else { return false } })
    }
}
