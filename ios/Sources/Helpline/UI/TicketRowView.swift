// One request in a list: the ticket list's rows and the support home's open requests.

#if canImport(SwiftUI)
import SwiftUI

/// Its subject (bold while an answer is unread, with a dot), the last words written, its
/// status, and whether it is still being sent. Read and tapped as one item.
struct TicketRowView: View {
    let ticket: Ticket
    let preview: String?
    let delivery: DeliveryState
    let onOpen: (String) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        Button { onOpen(ticket.id) } label: {
            HStack(spacing: 12) {
                VStack(alignment: .leading, spacing: 2) {
                    Text(ticket.subject)
                        .font(.headline)
                        .fontWeight(ticket.unread ? .bold : .regular)
                        .lineLimit(2)
                    if let preview = preview, !preview.isEmpty {
                        Text(preview).font(.subheadline).foregroundColor(.secondary).lineLimit(2)
                    }
                    statusLine
                }
                .frame(maxWidth: .infinity, alignment: .leading)
                if ticket.unread {
                    Circle()
                        .fill(Color.accentColor)
                        .frame(width: 10, height: 10)
                        .accessibilityLabel(strings.unread)
                }
            }
            .frame(minHeight: 44)
            .contentShape(Rectangle())
        }
        .buttonStyle(.plain)
        .accessibilityElement(children: .combine)
    }

    private var statusLine: some View {
        let failed: Bool
        if case .failed = delivery { failed = true } else { failed = false }
        return HStack(spacing: 0) {
            Text(strings.status(ticket.status)).foregroundColor(.accentColor)
            if delivery != .sent {
                Text(" · " + strings.delivery(delivery)).foregroundColor(failed ? .red : .secondary)
            }
        }
        .font(.caption)
    }
}

/// A line about the screen as a whole (a refresh that failed, the connection), above its
/// content; `changing`: VoiceOver is told it updates (the connection's state).
struct ScreenNoticeView: View {
    let text: String
    var changing = false

    var body: some View {
        Text(text)
            .font(.callout)
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding(.horizontal, 16)
            .padding(.vertical, 8)
            .background(Color.secondary.opacity(0.15))
            .accessibilityAddTraits(changing ? .updatesFrequently : [])
    }
}
#endif
