// What a ticket lets the user do about it (its comments are a `HelplineTimelineView`).

#if canImport(SwiftUI)
import SwiftUI

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
