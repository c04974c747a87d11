#if canImport(SwiftUI)
import Foundation
@testable import Helpline
import XCTest

/// The kit's texts as `KitTexts` reads them: a missing text falls back to English, counts follow
/// the language's plural rules, and the timeline's days read as a person would say them.
final class KitTextsTests: XCTestCase {
    private let english = KitTexts(language: "en")
    private let french = KitTexts(language: "fr")

    private func isoDay(daysAgo: Int) -> String {
        let format = DateFormatter()
        format.calendar = Calendar(identifier: .gregorian)
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd"
        return format.string(from: Calendar.current.date(byAdding: .day, value: -daysAgo, to: Date())!)
    }

    private func weekdayIndex(daysAgo: Int) -> Int {
        let date = Calendar.current.date(byAdding: .day, value: -daysAgo, to: Date())!
        return Calendar(identifier: .gregorian).component(.weekday, from: date) - 1
    }

    func testATextMissingFromTheLanguageReadsInEnglishAndAnUnknownKeyAsItself() {
        // A bundle with no Localizable.strings stands for a language that lacks every text.
        let empty = KitTexts(bundle: Bundle(for: Self.self), locale: Locale(identifier: "fr"))
        XCTAssertEqual(empty("send"), "Send")
        XCTAssertEqual(empty("status_solved"), "Solved")
        XCTAssertEqual(french("no_such_text"), "no_such_text")
        XCTAssertEqual(english("no_such_text"), "no_such_text")
    }

    func testValuesArePutInInOrder() {
        XCTAssertEqual(english("delivered", "10:42", "Sent"), "10:42 · Sent")
        XCTAssertEqual(english("required", "Email"), "Email *")
        XCTAssertEqual(french("remove_attachment", "photo.jpg"), "Retirer photo.jpg")
        XCTAssertEqual(english("uploading", 42), "Uploading… 42%")
        XCTAssertEqual(french("uploading", 42), "Envoi… 42\u{00A0}%")
    }

    /// French counts 0 as one ("0 non lu"); English says "0 unread" by its "other" form.
    func testCountsFollowEachLanguagesPluralRules() {
        XCTAssertEqual(english("unread_count", Int32(1)), "1 unread")
        XCTAssertEqual(english("unread_count", Int32(0)), "0 unread")
        XCTAssertEqual(french("unread_count", Int32(0)), "0 non lu")
        XCTAssertEqual(french("unread_count", Int32(5)), "5 non lus")
        XCTAssertEqual(french("offline_pending", Int32(2)), "Vous êtes hors ligne. 2 messages seront envoyés à votre retour.")
    }

    /// The wait is rounded up to whole minutes, and never under one.
    func testTheQueueWaitRoundsUpToWholeMinutes() {
        XCTAssertEqual(english.queued(1, 0), "You're number 1 in line, about a minute.")
        XCTAssertEqual(english.queued(3, 120), "You're number 3 in line, about 2 minutes.")
        XCTAssertEqual(english.queued(3, 121), "You're number 3 in line, about 3 minutes.")
        XCTAssertEqual(french.queued(1, 60), "Vous êtes n° 1 dans la file, environ une minute d'attente.")
    }

    /// New, open and a status this version does not know all read as open.
    func testTicketStatusesTheUserNeedNotTellApartReadTheSame() {
        XCTAssertEqual(english.statusName(.new), "Open")
        XCTAssertEqual(english.statusName(.unknown), "Open")
        XCTAssertEqual(english.statusName(.pending), "Awaiting your reply")
        XCTAssertEqual(french.statusName(.closed), "Fermée")
    }

    func testTheUsersOwnMessageReadsWhereItStands() {
        let strings = HelplineStrings.english
        XCTAssertEqual(strings.delivery(.pending), strings.sending)
        XCTAssertEqual(strings.delivery(.sent), strings.sent)
        XCTAssertEqual(strings.delivery(.failed(reason: "too large")), strings.notSent)
        XCTAssertNotEqual(strings.sent, strings.notSent)
    }

    func testADayThisWeekReadsAsItsWeekday() {
        let englishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let frenchDays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
        for daysAgo in 2...6 {
            let index = weekdayIndex(daysAgo: daysAgo)
            XCTAssertEqual(english.relativeDay(isoDay(daysAgo: daysAgo)), englishDays[index], "\(daysAgo) days ago")
            XCTAssertEqual(french.relativeDay(isoDay(daysAgo: daysAgo)), frenchDays[index], "\(daysAgo) days ago")
        }
        XCTAssertEqual(french.relativeDay(isoDay(daysAgo: 0)), "Aujourd'hui")
    }

    func testAnOlderDayReadsAsADateWithItsYearOnlyWhenItIsAnotherYear() throws {
        XCTAssertEqual(english.relativeDay("2020-03-05"), "March 5, 2020")
        XCTAssertEqual(french.relativeDay("2020-03-05"), "5 mars 2020")

        let year = Calendar.current.component(.year, from: Date())
        let januaryFirst = "\(year)-01-01"
        let dayOfYear = try XCTUnwrap(Calendar.current.ordinality(of: .day, in: .year, for: Date()))
        try XCTSkipIf(dayOfYear < 8, "January 1 is still this week")
        XCTAssertEqual(english.relativeDay(januaryFirst), "January 1")
        XCTAssertEqual(french.relativeDay(januaryFirst), "1 janvier")
    }
}
#endif
