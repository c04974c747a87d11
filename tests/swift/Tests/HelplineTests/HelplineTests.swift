import Foundation
import Helpline
import XCTest

/// The Swift API against a real reference server over loopback (mirrors tests/kotlin).
final class HelplineTests: XCTestCase {
    private var server: ReferenceServer!
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        server = try ReferenceServer(directory: directory)
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func open(_ install: String = "ana") throws -> Helpline {
        let config = HelplineConfig(
            baseUrl: server.baseURL, appId: "swift-tests", clientId: "swift-tests",
            dataDir: directory.appendingPathComponent(install).path, platform: "ios"
        )
        return try Helpline.open(config: config)
    }

    private func identified(_ name: String = "Ana") throws -> Helpline {
        let helpline = try open(name.lowercased())
        try helpline.setIdentity(identity: .anonymous(name: name, email: "\(name.lowercased())@example.com"))
        return helpline
    }

    private func draft(_ subject: String) -> TicketDraft {
        TicketDraft(subject: subject, description: "It was due on Monday.")
    }

    func testANewTicketIsPendingThenSent() async throws {
        let helpline = try identified()
        let tickets = helpline.tickets()
        let ticket = try tickets.create(draft: draft("Order #1042 is late"))
        XCTAssertEqual(ticket.delivery, .pending)
        XCTAssertNil(ticket.remoteId)

        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        let sent = try tickets.get(id: ticket.id).ticket
        XCTAssertEqual(sent.delivery, .sent)
        XCTAssertNotNil(sent.remoteId)
    }

    func testTicketsAreListedAndOpened() async throws {
        let helpline = try identified()
        let tickets = helpline.tickets()
        let first = try tickets.create(draft: draft("First"))
        _ = try tickets.create(draft: draft("Second"))
        let report = try await helpline.sync()
        XCTAssertEqual(report.outboxPending, 0)
        XCTAssertEqual(Set(try tickets.list().map(\.subject)), ["First", "Second"])
        let detail = try tickets.get(id: first.id)
        XCTAssertEqual(detail.comments.first?.body, "It was due on Monday.")
        XCTAssertEqual(detail.comments.first?.isMine, true)
    }

    func testAnAgentReplyArrivesThroughTheStream() async throws {
        let helpline = try identified()
        let tickets = helpline.tickets()
        let ticket = try tickets.create(draft: draft("Where is my parcel?"))
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

    func testBadInputThrowsTypedErrors() throws {
        let helpline = try open()
        XCTAssertThrowsError(try helpline.tickets().create(draft: draft("Too early"))) { error in
            XCTAssertEqual(error as? HelplineError, .NoIdentity)
        }
        try helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        XCTAssertThrowsError(try helpline.tickets().create(draft: TicketDraft(subject: "Hello", description: ""))) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "description")
        }
    }

    func testTheHelpCenterIsSearchedOffline() async throws {
        let helpCenter = try open().helpCenter()
        let report = try await helpCenter.sync()
        XCTAssertTrue(report.full)
        XCTAssertFalse(try helpCenter.categories().isEmpty)

        let hits = try helpCenter.searchOffline(query: "callback")
        XCTAssertFalse(hits.isEmpty)
        XCTAssertEqual(hits.first?.source, .offline)
        XCTAssertTrue(hits.first?.article.title.lowercased().contains("callback") ?? false)
    }

    func testACancelledSubscriptionDeliversNoMoreEvents() async throws {
        let helpline = try identified()
        let stopped = Recorder()
        let running = Recorder()
        let subscription = try helpline.subscribe(listener: stopped)
        let other = try helpline.subscribe(listener: running)
        defer { other.cancel() }
        XCTAssertTrue(stopped.wait { if case .snapshot = $0 { return true } else { return false } })
        subscription.cancel()
        let before = stopped.events

        _ = try helpline.tickets().create(draft: draft("After the cancel"))
        XCTAssertTrue(running.wait { $0 == .ticketsChanged })
        XCTAssertEqual(stopped.events, before)
    }
}

/// A plain listener that records what it receives.
extension HelplineTests {
    func testAChatMessageIsConfirmedAndTheAgentAnswers() async throws {
        let helpline = try identified()
        let recorder = Recorder()
        let subscription = try helpline.subscribe(listener: recorder)
        defer { subscription.cancel() }
        let chat = helpline.messaging()
        let conversation = try await chat.start()
        XCTAssertTrue(recorder.wait { event in
            if case .chat(event: .connection(state: .connected)) = event { return true }
            return false
        })
        let mine = try chat.send(text: "Hello from Swift")
        XCTAssertEqual(mine.delivery, .pending)
        _ = try await helpline.flushOutbox()
        XCTAssertTrue(try chat.messages().contains { $0.localId == mine.localId && $0.delivery == .sent })

        try await server.agentSay(conversationId: conversation.id, text: "Hi from the agent")
        XCTAssertTrue(recorder.wait { event in
            if case .chat(event: .agentJoined) = event { return true }
            return false
        })
        XCTAssertThrowsError(try chat.send(text: "  ")) { error in
            guard case HelplineError.Validation(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "text")
        }
        chat.stop()
    }
}

final class Recorder: HelplineListener, @unchecked Sendable {
    private let condition = NSCondition()
    private var received: [HelplineEvent] = []

    var events: [HelplineEvent] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    func onEvent(event: HelplineEvent) {
        condition.lock()
        received.append(event)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether an event matching `wanted` arrived within 20 s.
    func wait(for wanted: (HelplineEvent) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        condition.lock()
        defer { condition.unlock() }
        while !received.contains(where: wanted) {
            if !condition.wait(until: deadline) {
                return received.contains(where: wanted)
            }
        }
        return true
    }
}
