import Foundation
import Helpline
import XCTest

/// Rich messages: a quick reply tapped, the bot's form checked then submitted once (mirrors RichMessagesTest.kt).
final class RichMessagesTests: ReferenceServerTestCase {
    func testAQuickReplyGoesAwayOnceTappedAndTheBotsFormIsSubmittedOnce() async throws {
        let helpline = try await identified()
        let chat = helpline.messaging()
        _ = try await chat.start()
        let greeting = try XCTUnwrap(try chat.messages().first { $0.kind == .quickReplies })
        XCTAssertEqual(greeting.quickReplies.map { $0.title }, ["Track my order", "Talk to a person"])

        let tapped = try await chat.choose(messageId: greeting.localId, payload: "track_order")
        XCTAssertEqual(tapped.text, "Track my order")
        XCTAssertTrue(try chat.messages().first { $0.localId == greeting.localId }?.quickReplies.isEmpty ?? false, "gone at once")
        _ = try await helpline.flushOutbox()
        var asked: ChatMessage?
        for _ in 0..<50 where asked == nil {
            _ = try await chat.refresh()
            asked = try chat.messages().first { $0.kind == .form }
            if asked == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        let form = try XCTUnwrap(asked)
        XCTAssertEqual(form.form?.fields.first { $0.name == "email" }?.kind, .email)

        await assertThrowsAsync(try await chat.submitForm(messageId: form.localId, values: ["order_number": "1042", "email": "ana"])) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "form.email")
        }
        _ = try await chat.submitForm(messageId: form.localId, values: ["order_number": "1042", "email": "ana@example.com"])
        let answered = try XCTUnwrap(try chat.messages().first { $0.localId == form.localId }?.form)
        XCTAssertTrue(answered.submitted, "shown as answered at once")
        XCTAssertEqual(answered.values.first { $0.name == "order_number" }?.value, "1042")
        await assertThrowsAsync(try await chat.submitForm(messageId: form.localId, values: ["order_number": "1042", "email": "ana@example.com"])) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "form")
        }
        chat.stop()
    }
}
