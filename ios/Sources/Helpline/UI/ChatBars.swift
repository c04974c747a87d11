// The lines around the chat's timeline: the connection, who is typing, the end.

#if canImport(SwiftUI)
import SwiftUI

/// What to say about the connection above the timeline; nothing while online.
struct ConnectionBannerView: View {
    let banner: ConnectionBanner
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if let text = text {
            ScreenNoticeView(text: text, changing: true)
        }
    }

    private var text: String? {
        switch banner {
        case .online: return nil
        case .connecting: return strings.connecting
        case .polling: return strings.polling
        case let .offline(pending): return strings.offline(pending)
        }
    }
}

/// "Ana is typing…" above the composer.
struct TypingLineView: View {
    let name: String
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        Text(strings.typing(name))
            .font(.footnote)
            .foregroundColor(.secondary)
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding(.horizontal, 16)
            .padding(.vertical, 4)
    }
}

/// In place of the composer once the agent ended the conversation: the satisfaction question
/// when the helpdesk asks it, and a new conversation when one can be started.
struct ChatEndedView: View {
    let canStartNew: Bool
    let satisfaction: Satisfaction?
    let onStartNew: () -> Void
    let onRate: (SatisfactionScore, String?) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        VStack(spacing: 8) {
            if let satisfaction = satisfaction {
                SatisfactionQuestionView(question: strings.csatQuestion, offered: satisfaction.offered,
                                         rating: satisfaction.rating, onRate: onRate)
            }
            Text(strings.ended)
                .foregroundColor(.secondary)
                .multilineTextAlignment(.center)
            if canStartNew {
                Button(strings.startNew, action: onStartNew)
                    .frame(minWidth: 44, minHeight: 44)
            }
        }
        .frame(maxWidth: .infinity)
        .padding(16)
    }
}
#endif
