// The satisfaction question under an ended chat or a solved ticket, or the answer given.

#if canImport(SwiftUI)
import SwiftUI

/// Good or bad, then an optional comment and send; once rated, the rating and its delivery.
/// Nothing while the helpdesk does not ask.
struct SatisfactionQuestionView: View {
    let question: String
    let offered: Bool
    let rating: SatisfactionRating?
    let onRate: (SatisfactionScore, String?) -> Void
    @State private var score: SatisfactionScore?
    @State private var comment = ""
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if let rating = rating {
            VStack(spacing: 4) {
                Text(strings.rated(rating.score == .good)).font(.callout).multilineTextAlignment(.center)
                delivery(rating.delivery)
            }
            .frame(maxWidth: .infinity)
            .padding(.horizontal, 16)
            .padding(.vertical, 4)
        } else if offered {
            VStack(spacing: 8) {
                Text(question).font(.callout.weight(.semibold)).multilineTextAlignment(.center)
                HStack(spacing: 12) {
                    scoreButton(strings.rateGood, "hand.thumbsup", .good)
                    scoreButton(strings.rateBad, "hand.thumbsdown", .bad)
                }
                if let score = score {
                    TextField(strings.csatCommentHint, text: $comment)
                        .textFieldStyle(.roundedBorder)
                    Button {
                        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
                        onRate(score, text.isEmpty ? nil : text)
                    } label: {
                        Text(strings.csatSend).frame(minWidth: 44, minHeight: 44)
                    }
                    .buttonStyle(.borderedProminent)
                }
            }
            .frame(maxWidth: .infinity)
            .padding(.horizontal, 16)
            .padding(.vertical, 8)
        }
    }

    @ViewBuilder
    private func delivery(_ delivery: DeliveryState) -> some View {
        switch delivery {
        case .sent: EmptyView()
        case .pending: Text(strings.sending).font(.caption).foregroundColor(.secondary)
        case let .failed(reason): Text(reason).font(.caption).foregroundColor(.red)
        }
    }

    private func scoreButton(_ title: String, _ icon: String, _ value: SatisfactionScore) -> some View {
        let chosen = score == value
        return Button { score = value } label: {
            Label(title, systemImage: chosen ? icon + ".fill" : icon).frame(minWidth: 44, minHeight: 44)
        }
        .buttonStyle(.bordered)
        .tint(chosen ? .accentColor : .secondary)
        .accessibilityAddTraits(chosen ? .isSelected : [])
    }
}
#endif
