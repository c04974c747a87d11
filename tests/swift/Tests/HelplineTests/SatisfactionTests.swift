import Foundation
import Helpline
import XCTest

/// Satisfaction ratings of a solved ticket and an ended conversation (mirrors SatisfactionTest.kt).
final class SatisfactionTests: ReferenceServerTestCase {
    /// A ticket the agent solved, synced: its local id and the helpdesk's.
    private func solvedTicket(_ helpline: Helpline, _ subject: String) async throws -> (String, Int64) {
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft(subject))
        _ = try await helpline.flushOutbox()
        let remoteId = try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)
        try await server.agentReply(remoteId: remoteId, body: "Fixed in 2.3.2.", status: "solved")
        _ = try await helpline.sync()
        return (ticket.id, remoteId)
    }

    func testASolvedTicketIsRatedAtOnceSentOnceAndChangedLater() async throws {
        let helpline = try await identified()
        let (ticketId, remoteId) = try await solvedTicket(helpline, "Rate me from Swift")
        let tickets = helpline.tickets()
        let solved = try tickets.get(id: ticketId).ticket
        XCTAssertEqual(solved.status, .solved)
        XCTAssertTrue(solved.satisfaction.offered)
        XCTAssertNil(solved.satisfaction.rating)

        let shown = try await tickets.rate(ticketId: ticketId, score: .good, comment: "Quick and kind.")
        XCTAssertEqual(shown.satisfaction.rating?.score, .good)
        XCTAssertEqual(shown.satisfaction.rating?.delivery, .pending)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        XCTAssertEqual(try tickets.get(id: ticketId).ticket.satisfaction.rating?.delivery, .sent)
        var ratings = try await server.satisfactionRatings()
        XCTAssertEqual(ratings.count, 1)
        XCTAssertEqual(ratings.first?["ticket_id"] as? Int64, remoteId)
        XCTAssertEqual(ratings.first?["comment"] as? String, "Quick and kind.")

        _ = try await tickets.rate(ticketId: ticketId, score: .bad, comment: nil)
        _ = try await helpline.flushOutbox()
        ratings = try await server.satisfactionRatings()
        XCTAssertEqual(ratings.count, 1, "changed in place")
        XCTAssertEqual(ratings.first?["score"] as? String, "bad")
    }

    func testRefusalsAreTyped() async throws {
        let helpline = try open("bo", appId: "swift-csat-off")
        try await helpline.setIdentity(identity: .anonymous(name: "Bo", email: nil))
        let tickets = helpline.tickets()
        let open = try await tickets.create(draft: draft("Still open"))
        await assertThrowsAsync(try await tickets.rate(ticketId: open.id, score: .good, comment: nil)) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "status")
        }
        await assertThrowsAsync(try await tickets.rate(ticketId: "no-such-ticket", score: .good, comment: nil)) { error in
            guard case .NotFound = error as? HelplineError else { return XCTFail("not NotFound: \(error)") }
        }
        let (ticketId, _) = try await solvedTicket(helpline, "Too long")
        let long = String(repeating: "é", count: 1_001)
        await assertThrowsAsync(try await tickets.rate(ticketId: ticketId, score: .bad, comment: long)) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "comment")
        }

        try await server.agentSettings(appId: "swift-csat-off", json: #"{"support": {"satisfaction_ratings_enabled": false}}"#)
        _ = try await helpline.refreshSettings()
        XCTAssertFalse(try tickets.get(id: ticketId).ticket.satisfaction.offered)
        await assertThrowsAsync(try await tickets.rate(ticketId: ticketId, score: .good, comment: nil)) { error in
            XCTAssertEqual(error as? HelplineError, .FeatureDisabled(feature: .satisfactionRatings))
        }
    }

    func testAnEndedConversationIsRatedThroughItsRequest() async throws {
        let helpline = try await identified()
        let recorder = Recorder()
        let subscription = try helpline.subscribe(listener: recorder)
        defer { subscription.cancel() }
        let chat = helpline.messaging()
        let conversation = try await chat.start()
        XCTAssertFalse(conversation.satisfaction.offered, "active")

        try await server.agentEnd(conversationId: conversation.id)
        XCTAssertTrue(recorder.wait { event in
            if case .chat(event: .ended) = event { return true }
            return false
        })
        let ended = try XCTUnwrap(try chat.conversations().first { $0.id == conversation.id })
        XCTAssertTrue(ended.satisfaction.offered)

        let rated = try await chat.rate(conversationId: conversation.id, score: .good, comment: "Thanks")
        XCTAssertEqual(rated.satisfaction.rating?.delivery, .pending)
        XCTAssertTrue(recorder.wait { event in
            if case let .chat(event: .satisfactionChanged(conversationId)) = event { return conversationId == conversation.id }
            return false
        })
        _ = try await helpline.flushOutbox()
        let ratings = try await server.satisfactionRatings()
        XCTAssertEqual(ratings.first?["ticket_id"] as? Int64, conversation.requestId)
    }
}
