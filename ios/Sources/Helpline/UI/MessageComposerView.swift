// The text being written (a chat message, a ticket's reply) and its send button.

#if canImport(SwiftUI)
import SwiftUI

/// The send button is enabled when the core says the text can be sent.
struct MessageComposerView: View {
    let hint: String
    let text: String
    let canSend: Bool
    let onText: (String) -> Void
    let onSend: () -> Void
    /// Before the text: the attach button, where there is one.
    var attachButton: AnyView? = nil
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        HStack(alignment: .bottom, spacing: 8) {
            if let attachButton = attachButton {
                attachButton
            }
            DraftField(hint, kept: text, multiline: true, onChange: onText)
            Button(action: onSend) {
                Image(systemName: "arrow.up.circle.fill")
                    .font(.title2)
                    .frame(minWidth: 44, minHeight: 44)
            }
            .disabled(!canSend)
            .accessibilityLabel(strings.send)
        }
        .padding(.horizontal, 12)
        .padding(.vertical, 8)
        .background(Color.secondary.opacity(0.08))
    }
}
#endif
