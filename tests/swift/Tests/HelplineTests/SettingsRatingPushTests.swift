import Foundation
import Helpline
import XCTest

/// Remote settings, the rating prompt and push (mirrors SettingsRatingPushTest.kt).
final class SettingsRatingPushTests: ReferenceServerTestCase {
    /// Ana's SDK for the app `appId` (each test has its own settings).
    private func openAna(_ appId: String) async throws -> Helpline {
        let helpline = try open(appId: appId)
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        return helpline
    }

    func testSettingsComeFromTheHelpdeskAndAFeatureSwitchedOffOrAMissingFieldIsRefused() async throws {
        let appId = "swift-settings"
        let helpline = try openAna(appId)
        _ = try await helpline.refreshSettings()
        let settings = helpline.settings()
        XCTAssertTrue(settings.support.enabled)
        XCTAssertEqual(settings.helpCenter.locales, ["en-us", "fr"])
        XCTAssertEqual(settings.support.attachments.maxAttachmentSize, 20_971_520)

        try await server.agentSettings(appId: appId, json: """
            {"support": {"enabled": false, "ticket_form": {"fields": [{"id": 7, "type": "tagger", "title": "Topic",
             "required": true, "options": [{"name": "Bug", "value": "bug"}]}]}}}
            """)
        let changed = try await helpline.refreshSettings()
        XCTAssertEqual(changed, .changed)
        let again = try await helpline.refreshSettings()
        XCTAssertEqual(again, .notModified)
        let fields = helpline.settings().support.ticketFields
        XCTAssertEqual(fields.count, 1)
        XCTAssertEqual(fields.first?.kind, .tagger)
        XCTAssertEqual(fields.first?.options.map(\.value), ["bug"])

        let tickets = helpline.tickets()
        await assertThrowsAsync(try await tickets.create(draft: TicketDraft(description: "Hi"))) { error in
            XCTAssertEqual(error as? HelplineError, .FeatureDisabled(feature: .support))
        }

        try await server.agentSettings(appId: appId, json: #"{"support": {"enabled": true}}"#)
        _ = try await helpline.refreshSettings()
        await assertThrowsAsync(try await tickets.create(draft: TicketDraft(description: "Hi"))) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "custom_fields.7")
        }
    }

    func testTheRatingPromptFollowsTheHelpdesksRulesAndFeedbackBecomesATicket() async throws {
        let appId = "swift-rating"
        try await server.agentSettings(
            appId: appId,
            json: #"{"rating": {"enabled": true, "min_launches": 1, "min_days_installed": 0, "min_events": 1}}"#
        )
        let helpline = try openAna(appId)
        _ = try await helpline.refreshSettings()
        let rating = helpline.rating()
        XCTAssertEqual(try rating.shouldPrompt().reason, .noLaunchRecorded)
        try await rating.recordLaunch(appVersion: "3.1")
        XCTAssertEqual(try rating.shouldPrompt().reason, .notEnoughEvents(events: 0, needed: 1))
        try await rating.recordEvent()
        let ready = try rating.shouldPrompt()
        XCTAssertTrue(ready.shouldPrompt, ready.description)
        XCTAssertEqual(ready.reason, .ready)

        let ticket = try XCTUnwrap(await rating.recordOutcome(outcome: .feedback(text: "Too many ads")))
        XCTAssertEqual(ticket.tags, ["app_feedback"])
        XCTAssertTrue(ticket.description.contains("App version: 3.1"), ticket.description)
        XCTAssertEqual(try rating.shouldPrompt().reason, .feedbackThisVersion)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        XCTAssertEqual(try rating.status().launches, 1)
    }

    func testAPushTokenReachesTheHelpdeskAForgedPushIsRefusedATicketPushSyncsTheTicket() async throws {
        let helpline = try openAna("swift-push")
        try await helpline.registerPushToken(token: "apns-token-swift")
        let registered = try await helpline.flushOutbox()
        XCTAssertEqual(registered, 0)
        XCTAssertEqual(try helpline.pushToken(), "apns-token-swift")
        let devices = try await server.pushDevices()
        XCTAssertTrue(devices.contains("\"apns-token-swift\""), devices)

        do {
            _ = try await helpline.handlePush(payloadJson: #"{"helpline": {"kind": "ticket_updated"}}"#)
            XCTFail("a push without a ticket_id was handled")
        } catch HelplineError.InvalidPush(let reason) {
            XCTAssertTrue(reason.contains("ticket_id"), reason)
        }

        let tickets = helpline.tickets()
        let ticket = try await tickets.create(draft: TicketDraft(description: "Where is my parcel?"))
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        let remoteId = try XCTUnwrap(try tickets.get(id: ticket.id).ticket.remoteId)
        try await server.agentReply(remoteId: remoteId, body: "It is on its way.")
        // The helpdesk pushed the answer to this device; here is what APNs would hand the app.
        let payloads = try await server.sentPushPayloads()
        XCTAssertEqual(payloads.count, 1, "\(payloads)")
        let target = try await helpline.handlePush(payloadJson: try XCTUnwrap(payloads.last))
        XCTAssertEqual(target, .ticket(remoteId: remoteId, ticketId: ticket.id, synced: true))
        XCTAssertTrue(try tickets.get(id: ticket.id).comments.contains { $0.body == "It is on its way." })
        XCTAssertEqual(try tickets.unreadCount(), 1)
    }
}
