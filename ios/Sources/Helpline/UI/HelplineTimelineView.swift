// A timeline (a chat's or a ticket's: one item model), oldest first, kept scrolled to the
// newest item as items come. The chat's messages from the agent or the bot have their rich
// parts under them (given `messageActions`); a ticket's comments from agents, their files.

#if canImport(SwiftUI)
import SwiftUI

struct HelplineTimelineView: View {
    let timeline: [TimelineItem]
    let onRetry: (Int64) -> Void
    /// The chat's: what a message's quick replies, buttons, articles and form do.
    var messageActions: MessageActions? = nil

    var body: some View {
        ScrollViewReader { proxy in
            ScrollView {
                LazyVStack(spacing: 0) {
                    ForEach(Array(timeline.enumerated()), id: \.offset) { index, item in
                        row(item).id(index)
                    }
                }
                .padding(.horizontal, 12)
                .padding(.vertical, 8)
            }
            .onAppear { scrollToNewest(proxy) }
            .onChange(of: timeline.count) { _ in
                withAnimation { scrollToNewest(proxy) }
            }
        }
    }

    @ViewBuilder
    private func row(_ item: TimelineItem) -> some View {
        switch item {
        case let .day(day):
            DayHeaderView(day: day)
        case let .message(message, send):
            VStack(alignment: .leading, spacing: 0) {
                MessageBubbleView(message: message, outboxItem: send.outboxItem, onRetry: onRetry)
                if let actions = messageActions {
                    MessageExtrasView(message: message, actions: actions)
                }
            }
        case let .comment(comment, send):
            VStack(alignment: .leading, spacing: 0) {
                MessageBubbleView(comment: comment, outboxItem: send.outboxItem, onRetry: onRetry)
                if !comment.isMine {
                    ReceivedAttachmentsView(attachments: comment.attachments).padding(.leading, 8)
                }
            }
        case let .notice(notice):
            NoticeLineView(notice: notice)
        }
    }

    private func scrollToNewest(_ proxy: ScrollViewProxy) {
        if !timeline.isEmpty { proxy.scrollTo(timeline.count - 1, anchor: .bottom) }
    }
}

/// "Today", "Monday", a date: a heading for screen readers. The ticket's timeline shows it too.
struct DayHeaderView: View {
    let day: String
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        Text(strings.day(day))
            .font(.caption)
            .foregroundColor(.secondary)
            .frame(maxWidth: .infinity)
            .padding(.vertical, 8)
            .accessibilityAddTraits(.isHeader)
    }
}

/// Something that happened rather than something written: an agent joined, the queue, the end.
private struct NoticeLineView: View {
    let notice: Notice
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        Text(text)
            .font(.footnote)
            .foregroundColor(.secondary)
            .multilineTextAlignment(.center)
            .frame(maxWidth: .infinity)
            .padding(.horizontal, 24)
            .padding(.vertical, 6)
    }

    private var text: String {
        switch notice {
        case let .agentJoined(agent): return strings.joined(agent.name)
        case let .agentLeft(agent): return strings.left(agent.name)
        case let .queued(position, waitSeconds): return strings.queued(position, waitSeconds)
        case .ended: return strings.ended
        }
    }
}
#endif
