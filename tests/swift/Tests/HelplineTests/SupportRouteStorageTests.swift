#if canImport(SwiftUI)
@testable import Helpline
import XCTest

/// The support view's navigation path as `@SceneStorage` keeps it: a relaunch must land where
/// the user was, and a line an older or newer version wrote must not lose the rest.
final class SupportRouteStorageTests: XCTestCase {
    private let everyRoute: [SupportRoute] = [
        .helpCenter(articleId: nil), .helpCenter(articleId: 42), .contact, .tickets, .ticket(id: "t-1"), .chat,
    ]

    func testAPathComesBackAsItWasStored() {
        XCTAssertEqual(SupportRoute.restore(SupportRoute.store(everyRoute)), everyRoute)
        XCTAssertEqual(SupportRoute.restore(SupportRoute.store([])), [])
    }

    /// What a device already keeps: changing this breaks the restore of paths stored before.
    func testTheStoredFormIsOneRouteALine() {
        XCTAssertEqual(SupportRoute.store(everyRoute), "help:\nhelp:42\ncontact\ntickets\nticket:t-1\nchat")
    }

    func testALineThisVersionDoesNotKnowIsSkippedAndTheRestKept() {
        let stored = "chat\nsomething-newer:7\nticket:\n\ntickets"
        XCTAssertEqual(SupportRoute.restore(stored), [.chat, .tickets])
        XCTAssertNil(SupportRoute(stored: "ticket:"), "a ticket needs an id")
        XCTAssertNil(SupportRoute(stored: ""))
    }

    func testATicketIdMayHoldAColonAndAnUnreadableArticleIdOpensTheHelpCenter() {
        XCTAssertEqual(SupportRoute(stored: "ticket:local:3"), .ticket(id: "local:3"))
        XCTAssertEqual(SupportRoute(stored: "help:not-a-number"), .helpCenter(articleId: nil))
        XCTAssertEqual(SupportRoute(stored: "help"), .helpCenter(articleId: nil))
    }
}
#endif
