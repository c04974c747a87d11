// One message of the chat, or one comment of a ticket.

#if canImport(SwiftUI)
import SwiftUI

/// The user's at the end of the line with its delivery (sending, sent, not sent with a retry),
/// the others' at the start under their author's name. Read as one item. A ticket's comments
/// are drawn by it too.
struct MessageBubbleView: View {
    let mine: Bool
    let author: String
    let text: String
    let createdAt: Date
    let delivery: DeliveryState
    let outboxItem: Int64?
    let onRetry: (Int64) -> Void
    @Environment(\.helplineStrings) private var strings

    init(message: ChatMessage, outboxItem: Int64?, onRetry: @escaping (Int64) -> Void) {
        self.init(message.isMine, message.author.name, message.text, message.createdAt, message.delivery, outboxItem, onRetry)
    }

    init(comment: TicketComment, outboxItem: Int64?, onRetry: @escaping (Int64) -> Void) {
        self.init(comment.isMine, comment.author.name, comment.body, comment.createdAt, comment.delivery, outboxItem, onRetry)
    }

    private init(_ mine: Bool, _ author: String, _ text: String, _ createdAt: Date, _ delivery: DeliveryState,
                 _ outboxItem: Int64?, _ onRetry: @escaping (Int64) -> Void) {
        self.mine = mine
        self.author = author
        self.text = text
        self.createdAt = createdAt
        self.delivery = delivery
        self.outboxItem = outboxItem
        self.onRetry = onRetry
    }

    var body: some View {
        HStack(spacing: 4) {
            if mine { Spacer(minLength: 48) }
            if mine, failed, let outboxItem = outboxItem {
                Button { onRetry(outboxItem) } label: {
                    Image(systemName: "arrow.clockwise")
                        .foregroundColor(.red)
                        .frame(minWidth: 44, minHeight: 44)
                }
                .accessibilityLabel(strings.retry)
            }
            VStack(alignment: .leading, spacing: 2) {
                if !mine {
                    Text(author).font(.caption).foregroundColor(.accentColor)
                }
                // A bot's card, form or file can come with no text.
                if !text.isEmpty {
                    Text(text)
                }
                Text(footer)
                    .font(.caption2)
                    .foregroundColor(failed ? .red : .secondary)
            }
            .fixedSize(horizontal: false, vertical: true)
            .padding(.horizontal, 12)
            .padding(.vertical, 8)
            .background(mine ? Color.accentColor.opacity(0.2) : Color.secondary.opacity(0.15))
            .cornerRadius(16)
            .accessibilityElement(children: .combine)
            if !mine { Spacer(minLength: 48) }
        }
        .padding(.vertical, 4)
    }

    private var failed: Bool {
        if case .failed = delivery { return true }
        return false
    }

    /// The time it was written, and for the user's own its delivery.
    private var footer: String {
        let time = DateFormatter.localizedString(from: createdAt, dateStyle: .none, timeStyle: .short)
        guard mine else { return time }
        return strings.delivered(time, strings.delivery(delivery))
    }
}
#endif
