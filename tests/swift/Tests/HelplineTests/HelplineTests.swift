import Foundation
import Helpline
import XCTest

/// The Swift API against a real reference server over loopback (mirrors tests/kotlin).
final class HelplineTests: ReferenceServerTestCase {
    func testANewTicketIsPendingThenSent() async throws {
        let helpline = try await identified()
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft("Order #1042 is late"))
        XCTAssertEqual(ticket.delivery, .pending)
        XCTAssertNil(ticket.remoteId)

        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        let sent = try tickets.get(id: ticket.id).ticket
        XCTAssertEqual(sent.delivery, .sent)
        XCTAssertNotNil(sent.remoteId)
    }

    func testTicketsAreListedAndOpened() async throws {
        let helpline = try await identified()
        let tickets = helpline.tickets()
        let first = try await tickets.create(draft: draft("First"))
        _ = try await tickets.create(draft: draft("Second"))
        let report = try await helpline.sync()
        XCTAssertEqual(report.outboxPending, 0)
        XCTAssertEqual(Set(try tickets.list().map(\.subject)), ["First", "Second"])
        let detail = try tickets.get(id: first.id)
        XCTAssertEqual(detail.comments.first?.body, "It was due on Monday.")
        XCTAssertEqual(detail.comments.first?.isMine, true)
    }

    func testAnAgentReplyArrivesThroughTheStream() async throws {
        let helpline = try await identified()
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft("Where is my parcel?"))
        _ = try await helpline.flushOutbox()
        let remoteId = try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)

        var events = try helpline.events().makeAsyncIterator()
        guard case let .snapshot(current, unread, _) = await events.next() else {
            return XCTFail("the first event is not a snapshot")
        }
        XCTAssertEqual(current.map(\.id), [ticket.id])
        XCTAssertEqual(unread, 0)

        try await server.agentReply(remoteId: remoteId, body: "It left our warehouse this morning.")
        _ = try await helpline.sync()
        var changed = false
        while let event = await events.next() {
            if case let .ticketChanged(ticketId) = event, ticketId == ticket.id {
                changed = true
                break
            }
        }
        XCTAssertTrue(changed)
        let reply = try XCTUnwrap(try tickets.get(id: ticket.id).comments.last)
        XCTAssertEqual(reply.body, "It left our warehouse this morning.")
        XCTAssertTrue(reply.author.isAgent)
        XCTAssertEqual(try tickets.unreadCount(), 1)
    }

    func testBadInputThrowsTypedErrors() async throws {
        let helpline = try open()
        await assertThrowsAsync(try await helpline.tickets().create(draft: draft("Too early"))) { error in
            XCTAssertEqual(error as? HelplineError, .NoIdentity)
        }
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        await assertThrowsAsync(try await helpline.tickets().create(draft: TicketDraft(subject: "Hello", description: ""))) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "description")
        }
    }

    func testACancelledSubscriptionDeliversNoMoreEvents() async throws {
        let helpline = try await identified()
        let stopped = Recorder()
        let running = Recorder()
        let subscription = try helpline.subscribe(listener: stopped)
        let other = try helpline.subscribe(listener: running)
        defer { other.cancel() }
        XCTAssertTrue(stopped.wait { if case .snapshot = $0 { return true } else { return false } })
        subscription.cancel()
        let before = stopped.events

        _ = try await helpline.tickets().create(draft: draft("After the cancel"))
        XCTAssertTrue(running.wait { $0 == .ticketsChanged })
        XCTAssertEqual(stopped.events, before)
    }

    func testACommentOnAClosedTicketOpensAFollowUp() async throws {
        let helpline = try await identified("Eve")
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft("Refund"))
        _ = try await helpline.flushOutbox()
        let remoteId = try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)
        try await server.agentReply(remoteId: remoteId, body: "Refunded. Closing.", status: "closed")
        _ = try await helpline.sync()
        XCTAssertEqual(try tickets.get(id: ticket.id).ticket.status, .closed)
        await assertThrowsAsync(try await tickets.solve(ticketId: ticket.id)) { error in
            XCTAssertEqual(error as? HelplineError, .TicketClosed)
        }

        let comment = try await tickets.addComment(ticketId: ticket.id, body: "One more thing")
        XCTAssertNotEqual(comment.ticketId, ticket.id)
        XCTAssertEqual(try tickets.get(id: comment.ticketId).ticket.followupSourceId, remoteId)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        XCTAssertEqual(try tickets.list().count, 2)
    }

    func testSolvingIsQueuedAndReachesTheHelpdesk() async throws {
        let helpline = try await identified("Fay")
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft("Solved by myself"))
        let item = try await tickets.solve(ticketId: ticket.id)
        XCTAssertEqual(item.kind, .solveTicket)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        let refreshed = try await tickets.refreshTicket(id: ticket.id)
        XCTAssertEqual(refreshed.ticket.status, .solved)
    }

    func testReleasingTheSDKKeepsItsData() async throws {
        var helpline: Helpline? = try await identified()
        let ticket = try await XCTUnwrap(helpline).tickets().create(draft: draft("Kept on the device"))
        helpline = nil // Swift's close: the last reference goes, and the SDK stops.

        let reopened = try open("ana")
        XCTAssertEqual(try reopened.tickets().list().map(\.id), [ticket.id])
    }
}
