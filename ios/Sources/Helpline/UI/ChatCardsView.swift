// A bot's carousel: its cards side by side in a row that scrolls, each with its title, text
// and buttons.

#if canImport(SwiftUI)
import SwiftUI

struct ChatCardsView: View {
    let message: ChatMessage
    let onChoose: (String, String) -> Void

    var body: some View {
        if !message.cards.isEmpty {
            ScrollView(.horizontal, showsIndicators: true) {
                HStack(alignment: .top, spacing: 8) {
                    ForEach(Array(message.cards.enumerated()), id: \.offset) { _, card in
                        cardView(card)
                    }
                }
                .padding(.bottom, 4)
            }
        }
    }

    private func cardView(_ card: ChatCard) -> some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(card.title).font(.headline).accessibilityAddTraits(.isHeader)
            if !card.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                Text(card.text).font(.callout)
            }
            ForEach(Array(card.buttons.enumerated()), id: \.offset) { _, button in
                ChatButtonView(messageId: message.localId, button: button, onChoose: onChoose)
            }
        }
        .fixedSize(horizontal: false, vertical: true)
        .frame(width: 240, alignment: .leading)
        .padding(12)
        .background(Color.secondary.opacity(0.12))
        .cornerRadius(12)
        .accessibilityElement(children: .contain)
    }
}
#endif
