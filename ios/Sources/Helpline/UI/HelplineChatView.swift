// The chat, as a screen to put in the app's navigation: the conversation's timeline, who is
// typing, the connection, and the composer. Opens the chat when first shown and tells the core
// it is visible while it shows in the active scene (the agent's messages are then read as they
// come). The bot's rich messages show their quick replies, articles, buttons, cards and forms.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineChatView: View {
    @ObservedObject private var model: ChatModel
    private let helpline: Helpline?
    private let onOpenArticle: ((SuggestedArticle) -> Void)?
    @Environment(\.helplineStrings) private var strings
    @State private var actions = ScreenActions()
    @State private var started = false

    /// `helpline`: lets the user send photos and files (an attach button), where given.
    /// `onOpenArticle`: shows an article the bot suggests; without it its page opens in the browser.
    public init(model: ChatModel, helpline: Helpline? = nil, onOpenArticle: ((SuggestedArticle) -> Void)? = nil) {
        self.model = model
        self.helpline = helpline
        self.onOpenArticle = onOpenArticle
    }

    public var body: some View {
        let state = model.state
        let screen = model.screen
        VStack(spacing: 0) {
            ConversationsMenu(conversations: state.conversations, shown: state.conversation?.id) { id in
                actions.post { _ = try await screen.openConversation(conversationId: id) }
            }
            ConnectionBannerView(banner: state.banner)
            content(state, screen)
                .frame(maxWidth: .infinity, maxHeight: .infinity)
            if let typing = state.typing {
                TypingLineView(name: typing.name)
            }
            if case .ended = state.status {
                ChatEndedView(canStartNew: state.canStartNew, satisfaction: state.conversation?.satisfaction, onStartNew: {
                    actions.post { _ = try await screen.startNew() }
                }, onRate: { score, comment in
                    actions.post { _ = try await screen.rate(score: score, comment: comment) }
                })
            } else {
                MessageComposerView(
                    hint: strings.messageHint, text: state.composer.text, canSend: state.composer.canSend,
                    onText: { text in actions.post { try await screen.setComposer(text: text) } },
                    onSend: { actions.post { _ = try await screen.send() } },
                    attachButton: AttachButton.make(helpline, actions) { path in _ = try await screen.sendFile(path: path) }
                )
            }
        }
        .onAppear {
            if !started {
                started = true
                // Outside the queue: opening may wait on the network; the status says how it went.
                Task { _ = try? await screen.start() }
            }
        }
        .reportsVisibility { visible in actions.post { try await screen.setVisible(visible: visible) } }
    }

    /// Choices go in the actions' order; a form's refusal comes back to the form.
    private func messageActions(_ screen: ChatScreen) -> MessageActions {
        MessageActions(
            choose: { messageId, payload in
                actions.post { _ = try await screen.choose(messageId: messageId, payload: payload) }
            },
            submitForm: { messageId, values in _ = try await screen.submitForm(messageId: messageId, values: values) },
            openArticle: onOpenArticle
        )
    }

    @ViewBuilder
    private func content(_ state: ChatState, _ screen: ChatScreen) -> some View {
        if case .failed = state.status, state.timeline.isEmpty {
            Text(strings.chatUnavailable)
                .foregroundColor(.secondary)
                .multilineTextAlignment(.center)
                .padding(24)
        } else if case .starting = state.status, state.timeline.isEmpty {
            ProgressView()
        } else {
            HelplineTimelineView(timeline: state.timeline, onRetry: { outboxItem in
                actions.post { try await screen.retry(outboxItem: outboxItem) }
            }, messageActions: messageActions(screen))
            .announcesNewMessages(state.timeline)
        }
    }
}
#endif
