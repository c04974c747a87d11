// The message being written and its send button.

#if canImport(SwiftUI)
import SwiftUI

/// The composer's send button is enabled when the core says the message can be sent.
struct ChatComposerView: View {
    let composer: Composer
    let onText: (String) -> Void
    let onSend: () -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        HStack(spacing: 8) {
            DraftField(strings.messageHint, kept: composer.text, onChange: onText)
            Button(action: onSend) {
                Image(systemName: "arrow.up.circle.fill")
                    .font(.title2)
                    .frame(minWidth: 44, minHeight: 44)
            }
            .disabled(!composer.canSend)
            .accessibilityLabel(strings.send)
        }
        .padding(.horizontal, 12)
        .padding(.vertical, 8)
        .background(Color.secondary.opacity(0.08))
    }
}
#endif
