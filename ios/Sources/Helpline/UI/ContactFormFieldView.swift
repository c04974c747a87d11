// The contact form's fields, each with the core's error for it under it.

#if canImport(SwiftUI)
import SwiftUI

/// A text field: its label, the core's kept draft, and the core's error under it.
struct FormTextView: View {
    let label: String
    let kept: String
    let error: String?
    /// Several lines (the description): it grows as the user writes.
    var multiline = false
    let onChange: (String) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            DraftField(label, kept: kept, multiline: multiline, onChange: onChange)
                .accessibilityHint(error ?? "")
            FieldErrorView(error: error)
        }
    }
}

/// One of the remote form's fields, drawn by its kind.
struct ContactFormFieldView: View {
    let field: ContactFormField
    let error: String?
    let onValue: (FieldValue?) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        let title = field.field.required ? strings.required(field.field.title) : field.field.title
        switch field.field.kind {
        case .checkbox:
            VStack(alignment: .leading, spacing: 4) {
                Toggle(title, isOn: Binding(get: { checked }, set: { onValue(.bool($0)) }))
                    .frame(minHeight: 44)
                FieldErrorView(error: error)
            }
        case .tagger:
            VStack(alignment: .leading, spacing: 4) {
                Picker(title, selection: Binding(get: { chosen }, set: { onValue(.text($0)) })) {
                    ForEach(field.field.options, id: \.value) { option in
                        Text(option.name).tag(option.value)
                    }
                }
                .frame(minHeight: 44)
                FieldErrorView(error: error)
            }
        case .text, .integer, .unknown:
            FormTextView(label: title, kept: kept, error: error) { text in
                onValue(text.isEmpty ? nil : .text(text))
            }
            .numbersKeyboard(field.field.kind == .integer)
        }
    }

    private var checked: Bool {
        if case let .bool(value) = field.value { return value }
        return false
    }

    private var chosen: String {
        if case let .text(value) = field.value { return value }
        return ""
    }

    private var kept: String {
        switch field.value {
        case let .text(value): return value
        case let .number(value): return String(value)
        default: return ""
        }
    }
}

extension View {
    /// The number pad for a number field, where the device has one.
    @ViewBuilder
    fileprivate func numbersKeyboard(_ numbers: Bool) -> some View {
        #if os(iOS)
        keyboardType(numbers ? .numberPad : .default)
        #else
        self
        #endif
    }
}

/// The core's reason under a field, once the user tried to send.
private struct FieldErrorView: View {
    let error: String?

    var body: some View {
        if let error = error {
            Text(error).font(.footnote).foregroundColor(.red)
        }
    }
}
#endif
