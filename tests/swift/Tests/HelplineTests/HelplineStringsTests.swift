#if canImport(SwiftUI)
import Foundation
import Helpline
import XCTest

/// The kit's English texts where they are more than a constant (mirrors the Compose kit's).
final class HelplineStringsTests: XCTestCase {
    private func isoDay(daysAgo: Int) -> String {
        let format = DateFormatter()
        format.calendar = Calendar(identifier: .gregorian)
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd"
        return format.string(from: Calendar.current.date(byAdding: .day, value: -daysAgo, to: Date())!)
    }

    func testTheTimelinesDaysReadTodayYesterdayAndADayThatIsNoDateAsItCame() {
        let strings = HelplineStrings.english
        XCTAssertEqual(strings.day(isoDay(daysAgo: 0)), "Today")
        XCTAssertEqual(strings.day(isoDay(daysAgo: 1)), "Yesterday")
        XCTAssertNotEqual(strings.day(isoDay(daysAgo: 30)), isoDay(daysAgo: 30))
        XCTAssertEqual(strings.day("not a day"), "not a day")
    }

    func testOfflineAndQueueTextsCountWhatIsWaiting() {
        let strings = HelplineStrings.english
        XCTAssertEqual(strings.offline(0), "You're offline.")
        XCTAssertEqual(strings.offline(1), "You're offline. 1 message will be sent when you're back.")
        XCTAssertEqual(strings.offline(3), "You're offline. 3 messages will be sent when you're back.")
        XCTAssertEqual(strings.queued(2, 61), "You're number 2 in line, about 2 minutes.")
        XCTAssertEqual(strings.queued(1, 30), "You're number 1 in line, about a minute.")
    }
}
#endif
