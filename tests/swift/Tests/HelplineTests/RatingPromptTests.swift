import Foundation
import Helpline
import XCTest

/// The rating prompt screen through its model (mirrors RatingPromptTest.kt).
final class RatingPromptTests: ReferenceServerTestCase {
    @MainActor
    func testThePromptAsksOnceEveryRuleIsMetThenNotAfterNoThanks() async throws {
        let appId = "swift-rating-prompt"
        try await server.agentSettings(
            appId: appId,
            json: #"{"rating": {"enabled": true, "min_launches": 1, "min_days_installed": 0, "min_events": 1}}"#
        )
        let helpline = try open("ana", appId: appId)
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        _ = try await helpline.refreshSettings()
        let model = RatingPromptModel(try helpline.ratingPrompt())
        XCTAssertEqual(model.state.decision.reason, .noLaunchRecorded)

        try await helpline.rating().recordLaunch(appVersion: "3.1")
        try await helpline.rating().recordEvent()
        try await model.screen.refresh()
        XCTAssertEqual(try await until(model) { $0.decision.shouldPrompt }.answer, .open)

        try await model.screen.decline()
        let declined = try await until(model) { $0.decision.reason == .declined }
        XCTAssertEqual(declined.answer, .answered(outcome: .declined, ticket: nil))
    }
}
