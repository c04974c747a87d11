import Foundation
import Helpline
import XCTest

/// The contact form screen through its states (mirrors ContactFormTest.kt).
final class ContactFormTests: ReferenceServerTestCase {
    func testAFieldsErrorShowsOnItThenTheSubmittedTicketIsSent() async throws {
        let appId = "swift-contact-form"
        try await server.agentSettings(
            appId: appId,
            json: #"{"support": {"ticket_form": {"fields": [{"id": 7, "type": "text", "title": "Order", "required": true}]}}}"#
        )
        let helpline = try open("ana", appId: appId)
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        _ = try await helpline.refreshSettings()
        let form = try helpline.contactForm()
        let states = form.states()
        XCTAssertEqual(try await first(states) { $0.fields.count == 1 }.fields.first?.field.title, "Order")

        try await form.setDescription(description: "My order is late")
        await assertThrowsAsync(try await form.submit()) { error in
            guard case let .Validation(field, _) = error as? HelplineError else {
                return XCTFail("not a validation error: \(error)")
            }
            XCTAssertEqual(field, "custom_fields.7")
        }
        let shown = try await first(states) { !$0.errors.isEmpty }
        XCTAssertNotNil(shown.errors.first { $0.field == "custom_fields.7" })
        XCTAssertNil(shown.errors.first { $0.field == "description" })

        try await form.setField(id: 7, value: .text("A-1001"))
        let ticket = try await form.submit()
        let sent = try await first(states) {
            if case let .submitted(ticket) = $0.submit { return ticket.delivery == .sent }
            return false
        }
        guard case let .submitted(shownTicket) = sent.submit else { return XCTFail("not submitted") }
        XCTAssertEqual(shownTicket.id, ticket.id)
        XCTAssertTrue(sent.description.isEmpty, "a fresh form for the next question")
    }

    @MainActor
    func testTheModelPublishesTheStateOnTheMainActor() async throws {
        let helpline = try await identified("Bo")
        let model = ContactFormModel(try helpline.contactForm())
        try await model.screen.setSubject(subject: "Late order")
        for _ in 0..<200 where model.state.subject != "Late order" {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertEqual(model.state.subject, "Late order")
    }
}
