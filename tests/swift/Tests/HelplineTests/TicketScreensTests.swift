import Foundation
import Helpline
import XCTest

/// The ticket list and ticket screens through their models (mirrors TicketScreensTest.kt).
final class TicketScreensTests: ReferenceServerTestCase {
    private func comments(_ state: TicketScreenState) -> [TicketComment] {
        state.timeline.compactMap { item in
            if case let .comment(comment, _) = item { return comment }
            return nil
        }
    }

    @MainActor
    func testTheBadgeGoesOnceTheTicketIsOnScreenAndMyReplyShowsPendingThenSent() async throws {
        let helpline = try await identified("Ana")
        let tickets = helpline.tickets()
        let created = try await tickets.create(draft: draft("Late order"))
        _ = try await helpline.flushOutbox()
        let remoteId = try XCTUnwrap(try tickets.get(id: created.id).ticket.remoteId)
        try await server.agentReply(remoteId: remoteId, body: "It ships tomorrow.")

        let list = TicketListModel(try helpline.ticketListScreen())
        let unread = try await until(list) { !$0.refreshing && $0.unreadCount == 1 }
        XCTAssertEqual(unread.tickets.first?.preview, "It ships tomorrow.")
        XCTAssertEqual(unread.tickets.first?.ticket.unread, true, "the badge")

        let ticket = TicketModel(try helpline.ticketScreen(ticketId: created.id))
        let shown = try await until(ticket) { self.comments($0).count == 2 }
        if case .day = shown.timeline.first {} else { XCTFail("a day separator first: \(shown.timeline)") }
        try await ticket.screen.setVisible(visible: true)
        _ = try await until(list) { $0.unreadCount == 0 }

        try await ticket.screen.setReply(body: "Thanks!")
        let comment = try await ticket.screen.sendReply()
        let sent = try await until(ticket) { state in
            self.comments(state).contains { $0.id == comment.id && $0.delivery == .sent }
        }
        XCTAssertEqual(sent.reply.body, "", "the composer empties")

        try await server.agentReply(remoteId: remoteId, body: "You're welcome.")
        try await ticket.screen.refresh()
        let answered = try await until(ticket) { state in
            self.comments(state).contains { $0.body == "You're welcome." } && !state.ticket.unread
        }
        XCTAssertTrue(self.comments(answered).contains { $0.body == "You're welcome." && $0.author.isAgent })
    }
}
