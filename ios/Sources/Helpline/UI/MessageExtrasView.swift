// The rich parts under a message from the agent or the bot: its quick replies, suggested
// articles, buttons, cards, form and files. What they do goes back to the chat screen.

#if canImport(SwiftUI)
import SwiftUI

/// What the user can do with a message's rich parts: the chat screen's actions.
struct MessageActions {
    /// A quick reply or a postback button tapped: sent as the user's answer.
    let choose: (_ messageId: String, _ payload: String) -> Void
    /// A form filled in; throws the core's refusal (a field's error) for the form to show.
    let submitForm: @Sendable (_ messageId: String, _ values: [String: String]) async throws -> Void
    /// A suggested article tapped; without it the article's page opens in the browser.
    let openArticle: ((SuggestedArticle) -> Void)?
}

struct MessageExtrasView: View {
    let message: ChatMessage
    let actions: MessageActions
    @Environment(\.openURL) private var openURL

    var body: some View {
        if !message.isMine {
            VStack(alignment: .leading, spacing: 6) {
                QuickRepliesView(message: message, onChoose: actions.choose)
                ForEach(Array(message.articles.enumerated()), id: \.offset) { _, article in
                    Button { open(article) } label: {
                        Label(article.title, systemImage: "doc.text")
                            .multilineTextAlignment(.leading)
                            .frame(minHeight: 44)
                    }
                }
                ForEach(Array(message.buttons.enumerated()), id: \.offset) { _, button in
                    ChatButtonView(messageId: message.localId, button: button, onChoose: actions.choose)
                }
                ChatCardsView(message: message, onChoose: actions.choose)
                if let form = message.form {
                    ChatFormView(messageId: message.localId, form: form, submit: actions.submitForm)
                }
                ReceivedAttachmentsView(attachments: message.attachments)
            }
            .padding(.leading, 8)
            .padding(.bottom, 4)
            .frame(maxWidth: .infinity, alignment: .leading)
        }
    }

    private func open(_ article: SuggestedArticle) {
        if let openArticle = actions.openArticle {
            openArticle(article)
        } else if let url = URL(string: article.htmlUrl) {
            openURL(url)
        }
    }
}

/// A bot's choices in a row; tapping one sends it as the user's answer. The core empties
/// `quickReplies` once one is chosen (or anything followed), so they go at once.
private struct QuickRepliesView: View {
    let message: ChatMessage
    let onChoose: (String, String) -> Void

    var body: some View {
        if !message.quickReplies.isEmpty {
            ScrollView(.horizontal, showsIndicators: false) {
                HStack(spacing: 8) {
                    ForEach(Array(message.quickReplies.enumerated()), id: \.offset) { _, reply in
                        Button(reply.title) { onChoose(message.localId, reply.payload) }
                            .buttonStyle(.bordered)
                            .frame(minHeight: 44)
                    }
                }
            }
        }
    }
}

/// A link opens outside the app; a postback answers with the button's payload.
struct ChatButtonView: View {
    let messageId: String
    let button: ChatButton
    let onChoose: (String, String) -> Void
    @Environment(\.openURL) private var openURL

    var body: some View {
        Button {
            switch button.action {
            case let .link(url):
                if let url = URL(string: url) { openURL(url) }
            case let .postback(payload):
                onChoose(messageId, payload)
            }
        } label: {
            Text(button.title).frame(minHeight: 44)
        }
        .buttonStyle(.bordered)
        .accessibilityAddTraits(isLink ? .isLink : [])
    }

    private var isLink: Bool {
        if case .link = button.action { return true }
        return false
    }
}
#endif
