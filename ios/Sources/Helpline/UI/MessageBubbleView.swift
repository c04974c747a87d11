// One message of the chat.

#if canImport(SwiftUI)
import SwiftUI

/// The user's at the end of the line with its delivery (sending, sent, not sent with a retry),
/// the others' at the start under their author's name. Read as one item.
struct MessageBubbleView: View {
    let message: ChatMessage
    let outboxItem: Int64?
    let onRetry: (Int64) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        HStack(spacing: 4) {
            if message.isMine { Spacer(minLength: 48) }
            if message.isMine, failed, let outboxItem = outboxItem {
                Button { onRetry(outboxItem) } label: {
                    Image(systemName: "arrow.clockwise")
                        .foregroundColor(.red)
                        .frame(minWidth: 44, minHeight: 44)
                }
                .accessibilityLabel(strings.retry)
            }
            VStack(alignment: .leading, spacing: 2) {
                if !message.isMine {
                    Text(message.author.name).font(.caption).foregroundColor(.accentColor)
                }
                Text(message.text)
                Text(footer)
                    .font(.caption2)
                    .foregroundColor(failed ? .red : .secondary)
            }
            .fixedSize(horizontal: false, vertical: true)
            .padding(.horizontal, 12)
            .padding(.vertical, 8)
            .background(message.isMine ? Color.accentColor.opacity(0.2) : Color.secondary.opacity(0.15))
            .cornerRadius(16)
            .accessibilityElement(children: .combine)
            if !message.isMine { Spacer(minLength: 48) }
        }
        .padding(.vertical, 4)
    }

    private var failed: Bool {
        if case .failed = message.delivery { return true }
        return false
    }

    /// The time it was written, and for the user's own its delivery.
    private var footer: String {
        let time = DateFormatter.localizedString(from: message.createdAt, dateStyle: .none, timeStyle: .short)
        guard message.isMine else { return time }
        switch message.delivery {
        case .pending: return strings.delivered(time, strings.sending)
        case .sent: return strings.delivered(time, strings.sent)
        case .failed: return strings.delivered(time, strings.notSent)
        }
    }
}
#endif
