import Foundation
import Helpline
import XCTest

/// App context: attributes, breadcrumbs, a ticket's metadata and log, the logger, the locale
/// (mirrors ContextTest.kt).
final class ContextTests: ReferenceServerTestCase {
    /// Sends `draft`; the helpdesk's id of the ticket.
    private func sent(_ helpline: Helpline, _ draft: TicketDraft) async throws -> Int64 {
        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: draft)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        return try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)
    }

    private func requester(of ticketJSON: String) throws -> Int64 {
        let envelope = try JSONSerialization.jsonObject(with: Data(ticketJSON.utf8)) as? [String: Any]
        let ticket = try XCTUnwrap(envelope?["ticket"] as? [String: Any])
        return try XCTUnwrap(ticket["requester_id"] as? Int64)
    }

    func testAttributesAreStoredAtOnceSentSeenByTheAgentAndRefusedByField() async throws {
        let helpline = try await identified("Ana")
        try await helpline.setUserAttributes(attributes: ["plan": .text("pro"), "seats": .number(3), "beta": .bool(true)])
        XCTAssertEqual(try helpline.userAttributes().map(\.name), ["beta", "plan", "seats"])
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        XCTAssertTrue(try helpline.userAttributes().allSatisfy { $0.delivery == .sent })

        let me = try requester(of: try await server.agentTicket(remoteId: try await sent(helpline, draft("Who am I?"))))
        let fields = try XCTUnwrap(try await server.agentUser(id: me)["user_fields"] as? [String: Any])
        XCTAssertEqual(fields["plan"] as? String, "pro")
        XCTAssertEqual(fields["seats"] as? Int, 3)
        XCTAssertEqual(fields["beta"] as? Bool, true)

        await assertThrowsAsync(try await helpline.setUserAttributes(attributes: ["Plan-Type": .text("x")])) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "user_fields.Plan-Type")
        }
        XCTAssertEqual(try helpline.userAttributes().count, 3, "nothing refused was stored")
    }

    func testATicketCarriesItsValuesTheBreadcrumbsTheDeviceAndTheSDKLogToTheAgent() async throws {
        let config = HelplineConfig(
            baseUrl: server.baseURL, appId: "swift-tests", clientId: "swift-tests",
            dataDir: directory.appendingPathComponent("bo").path, platform: "ios",
            appVersion: "3.2.1", osVersion: "18.1"
        )
        let helpline = try Helpline.open(config: config)
        try await helpline.setIdentity(identity: .anonymous(name: "Bo", email: nil))
        try await helpline.leaveBreadcrumb(text: "Opened cart")
        try await helpline.leaveBreadcrumb(text: "Tapped Pay")
        await assertThrowsAsync(try await helpline.leaveBreadcrumb(text: "  ")) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "text")
        }

        let withContext = TicketDraft(
            description: "My card is refused", metadata: ["order_id": .text("A-1042")], attachLog: true
        )
        let remoteId = try await sent(helpline, withContext)
        let ticket = try await server.agentTicket(remoteId: remoteId)
        XCTAssertTrue(ticket.contains(#""custom":{"order_id":"A-1042"}"#), ticket)
        XCTAssertTrue(ticket.contains(#""text":"Opened cart""#) && ticket.contains(#""text":"Tapped Pay""#), ticket)
        XCTAssertTrue(ticket.contains(#""os":"ios","os_version":"18.1","app_version":"3.2.1""#), ticket)
        let comments = try await server.agentComments(remoteId: remoteId)
        XCTAssertTrue(comments.contains(#""file_name":"helpline-sdk-log.txt""#), comments)
    }

    /// The app's logger: what it heard.
    private final class Heard: HelplineLogger, @unchecked Sendable {
        private let lock = NSLock()
        private var records: [LogRecord] = []

        func log(record: LogRecord) {
            lock.lock()
            defer { lock.unlock() }
            records.append(record)
        }

        var all: [LogRecord] {
            lock.lock()
            defer { lock.unlock() }
            return records
        }
    }

    func testTheAppsLoggerHearsTheSDKAtItsLevelAndTheLocaleChangesWithoutReopening() async throws {
        let heard = Heard()
        setLogger(logger: heard, level: .debug)
        defer { setLogger(logger: nil, level: .error) }
        let helpline = try await identified("Cy")
        _ = try await sent(helpline, draft("Logged"))
        XCTAssertTrue(heard.all.contains { $0.message.contains("(create_ticket): sent") && $0.level == .info })
        XCTAssertTrue(heard.all.allSatisfy { $0.target.hasPrefix("helpline_core") }, "only the SDK's own records")

        XCTAssertEqual(helpline.locale(), "en-us")
        try helpline.setLocale(locale: "fr_FR")
        XCTAssertEqual(helpline.locale(), "fr-fr")
        XCTAssertThrowsError(try helpline.setLocale(locale: "not a locale")) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "locale")
        }
    }
}
