// The contact form, as a screen to put in the app's navigation: subject, description, the
// helpdesk's own fields, each with its error under it once the user tried to send, and the
// request's confirmation once sent.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineContactFormView: View {
    @ObservedObject private var model: ContactFormModel
    private let helpline: Helpline?
    @Environment(\.helplineStrings) private var strings
    @State private var actions = ScreenActions()

    /// `helpline`: lets the user add photos and files to the request (an attach button), where given.
    public init(model: ContactFormModel, helpline: Helpline? = nil) {
        self.model = model
        self.helpline = helpline
    }

    public var body: some View {
        let state = model.state
        let form = model.screen
        ScrollView {
            VStack(alignment: .leading, spacing: 12) {
                if case let .submitted(ticket) = state.submit {
                    SubmittedView(delivery: ticket.delivery) {
                        actions.post { try await form.clear() }
                    }
                } else {
                    FormTextView(label: strings.subject, kept: state.subject, error: error(state, "subject")) { text in
                        actions.post { try await form.setSubject(subject: text) }
                    }
                    FormTextView(label: strings.required(strings.description), kept: state.description,
                                 error: error(state, "description"), multiline: true) { text in
                        actions.post { try await form.setDescription(description: text) }
                    }
                    ForEach(state.fields, id: \.field.id) { field in
                        ContactFormFieldView(field: field, error: error(state, "custom_fields.\(field.field.id)")) { value in
                            actions.post { try await form.setField(id: field.field.id, value: value) }
                        }
                    }
                    StagedAttachmentsView(attachments: state.attachments) { path in
                        actions.post { try await form.removeAttachment(path: path) }
                    }
                    if let attachButton = AttachButton.make(helpline, actions, labeled: true, attach: { path in
                        try await form.addAttachment(path: path)
                    }) {
                        attachButton
                    }
                    if case .failed = state.submit {
                        Text(strings.submitFailed).foregroundColor(.red)
                    }
                    submitButton(state.submit, form)
                }
            }
            .padding(16)
        }
    }

    private func submitButton(_ submit: SubmitState, _ form: ContactForm) -> some View {
        let submitting = submit == .submitting
        return Button {
            actions.post { _ = try await form.submit() }
        } label: {
            Text(submitting ? strings.submitting : strings.submit)
                .frame(maxWidth: .infinity, minHeight: 44)
        }
        .buttonStyle(.borderedProminent)
        .disabled(submitting)
    }

    /// A required field left empty is said in the user's language; other problems as the core says them.
    private func error(_ state: ContactFormState, _ field: String) -> String? {
        guard let error = state.errors.first(where: { $0.field == field }) else { return nil }
        return error.missing ? strings.fieldRequired : error.reason
    }
}

/// The request is on the device: sent, to be sent when back online, or refused by the helpdesk
/// (then it says so, and why, rather than promise it will go).
private struct SubmittedView: View {
    let delivery: DeliveryState
    let onWriteAnother: () -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        switch delivery {
        case .sent:
            Text(strings.submitted).font(.headline)
        case .pending:
            Text(strings.submittedPending).font(.headline)
        case let .failed(reason):
            VStack(alignment: .leading, spacing: 4) {
                Text(strings.submitFailed).font(.headline).foregroundColor(.red)
                if !reason.isEmpty {
                    Text(reason).font(.callout)
                }
            }
            .accessibilityElement(children: .combine)
        }
        Button(strings.writeAnother, action: onWriteAnother)
            .buttonStyle(.bordered)
            .frame(minWidth: 44, minHeight: 44)
    }
}
#endif
