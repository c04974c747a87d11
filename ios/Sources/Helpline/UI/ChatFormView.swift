// A bot's small form, filled once: its fields, then its send button. Once answered it shows the
// values given. A field the core refuses (required, or not an email) shows why under it.

#if canImport(SwiftUI)
import SwiftUI

struct ChatFormView: View {
    let messageId: String
    let form: ChatForm
    let submit: @Sendable (String, [String: String]) async throws -> Void
    @State private var values: [String: String] = [:]
    /// The core's refusal of the last try: the field (`form.<name>`) and why.
    @State private var refused: (field: String, reason: String)?
    @State private var sending = false
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        VStack(alignment: .leading, spacing: 10) {
            if form.submitted {
                ForEach(Array(form.values.enumerated()), id: \.offset) { _, value in
                    Text("\(label(of: value.name)): \(value.value)").font(.callout)
                }
                Text(strings.formSent).font(.caption).foregroundColor(.secondary)
            } else {
                ForEach(Array(form.fields.enumerated()), id: \.offset) { _, field in
                    fieldView(field)
                }
                if let other = refused, !form.fields.contains(where: { "form.\($0.name)" == other.field }) {
                    Text(other.reason).font(.caption).foregroundColor(.red)
                }
                Button(action: send) {
                    Text(form.submitLabel.trimmingCharacters(in: .whitespaces).isEmpty ? strings.formSubmit : form.submitLabel)
                        .frame(minHeight: 44)
                }
                .buttonStyle(.borderedProminent)
                .disabled(sending)
            }
        }
        .frame(maxWidth: 320, alignment: .leading)
        .padding(12)
        .background(Color.secondary.opacity(0.12))
        .cornerRadius(12)
    }

    @ViewBuilder
    private func fieldView(_ field: ChatFormField) -> some View {
        let title = field.required ? strings.required(field.label) : field.label
        let reason = refused.flatMap { $0.field == "form.\(field.name)" ? $0.reason : nil }
        VStack(alignment: .leading, spacing: 4) {
            Text(title).font(.caption).foregroundColor(.secondary).accessibilityHidden(true)
            if case .select = field.kind {
                Picker(title, selection: binding(field.name)) {
                    Text("—").tag("")
                    ForEach(Array(field.options.enumerated()), id: \.offset) { _, option in
                        Text(option.label).tag(option.value)
                    }
                }
                .pickerStyle(.menu)
                .frame(minHeight: 44)
                .accessibilityHint(reason ?? "")
            } else {
                textField(title, field)
                    .accessibilityHint(reason ?? "")
            }
            if let reason = reason {
                Text(reason).font(.caption).foregroundColor(.red)
            }
        }
    }

    private func textField(_ title: String, _ field: ChatFormField) -> some View {
        let email: Bool
        if case .email = field.kind { email = true } else { email = false }
        return TextField(title, text: binding(field.name))
            .textFieldStyle(.roundedBorder)
            .disableAutocorrection(email)
            #if os(iOS)
            .keyboardType(email ? .emailAddress : .default)
            .textInputAutocapitalization(email ? .never : .sentences)
            .textContentType(email ? .emailAddress : nil)
            #endif
    }

    private func binding(_ name: String) -> Binding<String> {
        Binding(get: { values[name] ?? "" }, set: { values[name] = $0 })
    }

    private func label(of name: String) -> String {
        form.fields.first { $0.name == name }?.label ?? name
    }

    /// A refused field shows its reason; another failure is the message's delivery to show.
    private func send() {
        sending = true
        let given = values
        let messageId = self.messageId
        let submit = self.submit
        Task { @MainActor in
            do {
                try await submit(messageId, given)
                refused = nil
            } catch let HelplineError.Validation(field, reason) {
                refused = (field, reason)
            } catch {
                refused = nil
            }
            sending = false
        }
    }
}
#endif
