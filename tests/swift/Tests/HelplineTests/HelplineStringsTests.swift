#if canImport(SwiftUI)
import Foundation
@testable import Helpline
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

    /// The texts of one of the kit's languages, by key: `strings` (texts) or `stringsdict` (counts).
    private func table(_ language: String, _ kind: String) throws -> [String: Any] {
        let bundle = try XCTUnwrap(KitTexts.bundle(language), "no \(language).lproj in the kit")
        let url = try XCTUnwrap(bundle.url(forResource: "Localizable", withExtension: kind), "no \(language) \(kind)")
        return try XCTUnwrap(NSDictionary(contentsOf: url) as? [String: Any])
    }

    /// `%@`, `%1$lld`...: what a text expects to be given, in order.
    private func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "%(\\d+\\$)?(@|lld|ld|d|%|#@\\w+@)")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) }
    }

    func testFrenchHasEveryTextOfEnglishWithTheSamePlaceholders() throws {
        for kind in ["strings", "stringsdict"] {
            let english = try table("en", kind)
            let french = try table("fr", kind)
            XCTAssertEqual(Set(french.keys), Set(english.keys), "the French \(kind) lacks or adds keys")
            for (key, value) in english {
                guard let englishText = value as? String, let frenchText = french[key] as? String else { continue }
                XCTAssertFalse(frenchText.isEmpty, key)
                XCTAssertEqual(placeholders(frenchText), placeholders(englishText), key)
            }
        }
    }

    func testFrenchReadsFrenchAndCountsByFrenchRules() {
        let english = HelplineStrings.english
        let french = HelplineStrings(language: "fr")
        for (fr, en) in [(french.send, english.send), (french.ended, english.ended), (french.helpCenter, english.helpCenter),
                         (french.status(.solved), english.status(.solved)), (french.day(isoDay(daysAgo: 0)), english.day(isoDay(daysAgo: 0)))] {
            XCTAssertNotEqual(fr, en)
        }
        XCTAssertEqual(french.send, "Envoyer")
        XCTAssertEqual(french.day(isoDay(daysAgo: 1)), "Hier")
        XCTAssertEqual(french.offline(0), "Vous êtes hors ligne.")
        XCTAssertEqual(french.offline(1), "Vous êtes hors ligne. 1 message sera envoyé à votre retour.")
        XCTAssertEqual(french.offline(3), "Vous êtes hors ligne. 3 messages seront envoyés à votre retour.")
        XCTAssertEqual(french.unreadCount(1), "1 non lu")
        XCTAssertEqual(french.unreadCount(2), "2 non lus")
        XCTAssertEqual(english.unreadCount(2), "2 unread")
        XCTAssertEqual(french.queued(2, 61), "Vous êtes n° 2 dans la file, environ 2 minutes d'attente.")
        XCTAssertEqual(french.typing("Ana"), "Ana est en train d'écrire…")
    }

    func testALanguageTheKitLacksReadsEnglishAndAnAppStillOverridesAText() {
        var strings = HelplineStrings(language: "xx")
        XCTAssertEqual(strings.send, HelplineStrings.english.send)
        strings.send = "Go"
        XCTAssertEqual(strings.send, "Go")
    }
}
#endif
