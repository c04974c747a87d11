// What a ticket lets the user do about it (its comments are a `HelplineTimelineView`).

#if canImport(SwiftUI)
import SwiftUI

/// Mark solved, and the satisfaction question or its answer, as the ticket allows.
struct TicketActionsView: View {
    let state: TicketScreenState
    let onSolve: () -> Void
    let onRate: (SatisfactionScore, String?) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        let rating = state.ticket.satisfaction.rating
        if state.actions.solve || state.actions.rate || rating != nil {
            VStack(spacing: 6) {
                if state.actions.solve {
                    Button(strings.solve, action: onSolve).frame(minHeight: 44)
                }
                SatisfactionQuestionView(question: strings.rateQuestion, offered: state.actions.rate, rating: rating,
                                         onRate: onRate)
            }
            .frame(maxWidth: .infinity)
            .padding(.horizontal, 16)
            .padding(.vertical, 4)
        }
    }
}
#endif
