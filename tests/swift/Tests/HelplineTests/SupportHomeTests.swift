import Foundation
import Helpline
import XCTest

/// The support home screen through its states (mirrors SupportHomeTest.kt).
final class SupportHomeTests: ReferenceServerTestCase {
    func testAnAgentsAnswerShowsAsABadgeAndChatGoesOnceSwitchedOff() async throws {
        let appId = "swift-support-home"
        try await server.agentSettings(appId: appId, json: #"{"messaging": {"greeting": "Hi! How can we help?"}}"#)
        let helpline = try open("ana", appId: appId)
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: TicketDraft(subject: "Late order", description: "Ordered two weeks ago"))
        let home = try helpline.supportHome()
        let states = home.states()
        try await home.refresh()
        let shown = try await first(states) { $0.loaded && $0.greeting != nil && $0.openTicketCount == 1 }
        XCTAssertEqual(shown.greeting, "Hi! How can we help?")
        XCTAssertEqual([shown.helpCenter, shown.tickets, shown.chat], [.available, .available, .available])
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0, "the refresh sent the ticket")

        let remoteId = try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)
        try await server.agentReply(remoteId: remoteId, body: "It ships tomorrow.")
        _ = try await helpline.handlePush(payloadJson: #"{"helpline": {"kind": "ticket_updated", "ticket_id": \#(remoteId)}}"#)
        let answered = try await first(states) { $0.unreadTickets == 1 }
        XCTAssertEqual(answered.openTickets.first { $0.id == ticket.id }?.unread, true, "the badge on the answered ticket")

        try await server.agentSettings(appId: appId, json: #"{"messaging": {"enabled": false}}"#)
        try await home.refresh()
        let chatOff = try await first(states) { $0.chat == .off }
        XCTAssertEqual(chatOff.tickets, .available, "the rest stays")
        XCTAssertTrue(chatOff.refreshFailures.isEmpty)
    }

    @MainActor
    func testTheModelPublishesTheStateOnTheMainActor() async throws {
        let helpline = try await identified("Bo")
        let model = SupportHomeModel(try helpline.supportHome())
        for _ in 0..<200 where !model.state.loaded {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertTrue(model.state.loaded)
        XCTAssertTrue(model.state.signedIn)
    }
}
