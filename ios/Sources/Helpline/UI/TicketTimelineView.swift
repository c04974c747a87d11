// A ticket's comments under their days, and what the ticket lets the user do about it.

#if canImport(SwiftUI)
import SwiftUI

/// The comments, oldest first under their days, kept scrolled to the newest.
struct TicketTimelineView: View {
    let timeline: [TimelineItem]
    let onRetry: (Int64) -> Void

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
        case let .comment(comment, send):
            MessageBubbleView(comment: comment, outboxItem: send.outboxItem, onRetry: onRetry)
        case .message, .notice:
            EmptyView() // A chat's; the chat screen shows those.
        }
    }

    private func scrollToNewest(_ proxy: ScrollViewProxy) {
        if !timeline.isEmpty { proxy.scrollTo(timeline.count - 1, anchor: .bottom) }
    }
}

/// Mark solved, and the satisfaction question or its answer, as the ticket allows.
struct TicketActionsView: View {
    let state: TicketScreenState
    let onSolve: () -> Void
    let onRate: (SatisfactionScore) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        let rating = state.ticket.satisfaction.rating
        if state.actions.solve || state.actions.rate || rating != nil {
            VStack(spacing: 6) {
                if state.actions.solve {
                    Button(strings.solve, action: onSolve).frame(minHeight: 44)
                }
                if let rating = rating {
                    Text(strings.rated(rating.score == .good)).font(.callout).multilineTextAlignment(.center)
                } else if state.actions.rate {
                    Text(strings.rateQuestion).font(.callout).multilineTextAlignment(.center)
                    HStack(spacing: 12) {
                        rateButton(strings.rateGood, "hand.thumbsup", .good)
                        rateButton(strings.rateBad, "hand.thumbsdown", .bad)
                    }
                }
            }
            .frame(maxWidth: .infinity)
            .padding(.horizontal, 16)
            .padding(.vertical, 4)
        }
    }

    private func rateButton(_ title: String, _ icon: String, _ score: SatisfactionScore) -> some View {
        Button { onRate(score) } label: {
            Label(title, systemImage: icon).frame(minWidth: 44, minHeight: 44)
        }
        .buttonStyle(.bordered)
    }
}
#endif
