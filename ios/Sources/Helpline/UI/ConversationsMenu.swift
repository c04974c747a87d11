// The user's conversations, when the helpdesk allows several: a bar above the chat with a menu
// listing them (open or ended, the newest message, how many unread); picking one shows it.
// Nothing for a single conversation.

#if canImport(SwiftUI)
import SwiftUI

struct ConversationsMenu: View {
    let conversations: [Conversation]
    let shown: Int64?
    let onOpen: (Int64) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if conversations.count > 1 {
            HStack {
                Text(strings.conversations).font(.subheadline.weight(.semibold)).accessibilityAddTraits(.isHeader)
                Spacer()
                Menu {
                    ForEach(conversations, id: \.id) { conversation in
                        Button {
                            if conversation.id != shown { onOpen(conversation.id) }
                        } label: {
                            Label {
                                Text(title(conversation))
                                if let text = conversation.lastMessage?.text, !text.isEmpty {
                                    Text(text)
                                }
                            } icon: {
                                Image(systemName: conversation.id == shown ? "checkmark" : conversation.active ? "bubble.left" : "archivebox")
                            }
                        }
                    }
                } label: {
                    HStack(spacing: 4) {
                        Image(systemName: "list.bullet")
                        if unread > 0 {
                            Text("\(unread)")
                                .font(.caption2.bold())
                                .foregroundColor(.white)
                                .padding(.horizontal, 6)
                                .padding(.vertical, 2)
                                .background(Capsule().fill(Color.red))
                        }
                    }
                    .frame(minWidth: 44, minHeight: 44)
                }
                .accessibilityLabel(strings.conversations)
                .accessibilityValue(unread > 0 ? strings.unreadCount(unread) : "")
            }
            .padding(.horizontal, 16)
            Divider()
        }
    }

    /// Open or ended, and its unread count when it has some.
    private func title(_ conversation: Conversation) -> String {
        let state = conversation.active ? strings.conversationOpen : strings.conversationEnded
        guard conversation.unreadCount > 0 else { return state }
        return "\(state) · \(strings.unreadCount(conversation.unreadCount))"
    }

    /// Unread in the conversations not shown.
    private var unread: Int32 {
        conversations.filter { $0.id != shown }.reduce(0) { $0 + $1.unreadCount }
    }
}
#endif
