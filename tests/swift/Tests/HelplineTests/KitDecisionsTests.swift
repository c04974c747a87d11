#if canImport(SwiftUI)
import Foundation
@testable import Helpline
import XCTest

/// The kit's small decisions made from plain values: whether to show the rating prompt, which
/// arrival a screen reader announces, and which picked file is too large to send.
final class KitDecisionsTests: XCTestCase {
    private func prompt(_ shouldPrompt: Bool, _ answer: PromptAnswer) -> RatingPromptState {
        RatingPromptState(decision: PromptDecision(shouldPrompt: shouldPrompt, reason: .ready, description: ""), answer: answer)
    }

    func testThePromptShowsOnlyWhenTheRulesSayNowAndTheUserHasNotAnswered() {
        XCTAssertTrue(RatingPromptModifier.shouldAsk(prompt(true, .open)))
        XCTAssertFalse(RatingPromptModifier.shouldAsk(prompt(false, .open)))
        XCTAssertFalse(RatingPromptModifier.shouldAsk(prompt(true, .recording)))
        XCTAssertFalse(RatingPromptModifier.shouldAsk(prompt(true, .answered(outcome: .rated, ticket: nil))))
    }

    func testOnlyWrittenFeedbackCountsAsFeedbackGiven() {
        XCTAssertTrue(RatingPromptModifier.gaveFeedback(prompt(false, .answered(outcome: .feedback(text: "Slow"), ticket: nil))))
        XCTAssertFalse(RatingPromptModifier.gaveFeedback(prompt(false, .answered(outcome: .rated, ticket: nil))))
        XCTAssertFalse(RatingPromptModifier.gaveFeedback(prompt(false, .answered(outcome: .remindLater, ticket: nil))))
        XCTAssertFalse(RatingPromptModifier.gaveFeedback(prompt(true, .open)))
    }

    private func message(_ id: String, by name: String, mine: Bool) -> TimelineItem {
        let author = ChatAuthor(kind: mine ? .user : .agent, name: name)
        let message = ChatMessage(localId: id, seq: nil, author: author, kind: .text, text: "text of \(id)", articles: [],
                                  createdAt: Date(), isMine: mine, delivery: .sent, attachments: [],
                                  quickReplies: [], buttons: [], cards: [], form: nil)
        return .message(message: message, send: SendState(outboxItem: nil, uploads: []))
    }

    private func comment(_ id: String, by name: String, mine: Bool) -> TimelineItem {
        let comment = TicketComment(id: id, remoteId: nil, ticketId: "t-1", body: "body of \(id)",
                                    author: Author(id: nil, name: name, isAgent: !mine), isMine: mine,
                                    createdAt: Date(), delivery: .sent, attachments: [])
        return .comment(comment: comment, send: SendState(outboxItem: nil, uploads: []))
    }

    /// The newest item someone else wrote, past the user's own and the day headers after it.
    func testTheAnnouncedArrivalIsTheNewestFromSomeoneElse() {
        let chat: [TimelineItem] = [message("m1", by: "Ana", mine: false), message("m2", by: "Bo", mine: false),
                    message("m3", by: "Me", mine: true), .day(day: "2026-12-04")]
        XCTAssertEqual(NewMessageAnnouncer.newestFromOthers(chat),
                       NewMessageAnnouncer.Arrival(id: "m2", author: "Bo", text: "text of m2"))

        let ticket: [TimelineItem] = [comment("c1", by: "Agent", mine: false), comment("c2", by: "Me", mine: true)]
        XCTAssertEqual(NewMessageAnnouncer.newestFromOthers(ticket),
                       NewMessageAnnouncer.Arrival(id: "c1", author: "Agent", text: "body of c1"))
    }

    func testNothingIsAnnouncedWhenOnlyTheUserWrote() {
        XCTAssertNil(NewMessageAnnouncer.newestFromOthers([]))
        XCTAssertNil(NewMessageAnnouncer.newestFromOthers([message("m1", by: "Me", mine: true), .day(day: "2026-12-04")]))
    }

    /// The helpdesk's limit is inclusive, and 0 means it sets none.
    func testAFileIsTooLargeOnlyPastALimitTheHelpdeskSets() throws {
        guard #available(iOS 16, macOS 13, *) else { throw XCTSkip("the pickers need iOS 16 or macOS 13") }
        #if canImport(PhotosUI)
        XCTAssertFalse(AttachmentPicker.tooLarge(1_000, 1_000))
        XCTAssertTrue(AttachmentPicker.tooLarge(1_001, 1_000))
        XCTAssertFalse(AttachmentPicker.tooLarge(50_000_000, 0))
        #else
        throw XCTSkip("no PhotosUI here")
        #endif
    }
}
#endif
