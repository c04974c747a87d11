// One request, as a screen to put in the app's navigation: its conversation with the agents
// (drawn as the chat's is), the reply box, and what the ticket allows (mark solved, rate).
// Tells the core it is visible while it shows in the active scene, so the agents' answers are
// read as they come.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineTicketView: View {
    @ObservedObject private var model: TicketModel
    private let helpline: Helpline?
    @Environment(\.helplineStrings) private var strings
    @State private var actions = ScreenActions()

    /// `helpline`: lets the user add photos and files to a reply (an attach button), where given.
    public init(model: TicketModel, helpline: Helpline? = nil) {
        self.model = model
        self.helpline = helpline
    }

    public var body: some View {
        let state = model.state
        let screen = model.screen
        VStack(spacing: 0) {
            VStack(alignment: .leading, spacing: 2) {
                Text(state.ticket.subject).font(.title3).lineLimit(3).accessibilityAddTraits(.isHeader)
                Text(strings.status(state.ticket.status)).font(.caption).foregroundColor(.accentColor)
            }
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding(.horizontal, 16)
            .padding(.vertical, 8)
            if state.refreshError != nil {
                ScreenNoticeView(text: strings.refreshFailed)
            }
            content(state)
                .frame(maxWidth: .infinity, maxHeight: .infinity)
            TicketActionsView(state: state, onSolve: {
                actions.post { try await screen.solve() }
            }, onRate: { score, comment in
                actions.post { try await screen.rate(score: score, comment: comment) }
            })
            // A closed ticket takes a follow-up: the reply opens a new request linked to it.
            if state.actions.reply || state.actions.followUp {
                StagedAttachmentsView(attachments: state.reply.attachments) { path in
                    actions.post { try await screen.removeReplyAttachment(path: path) }
                }
                MessageComposerView(
                    hint: strings.replyHint, text: state.reply.body,
                    canSend: state.reply.canSend,
                    onText: { text in actions.post { try await screen.setReply(body: text) } },
                    onSend: { actions.post { _ = try await screen.sendReply() } },
                    attachButton: AttachButton.make(helpline, actions) { path in try await screen.addReplyAttachment(path: path) }
                )
            }
        }
        .refreshable { try? await screen.refresh() }
        .reportsVisibility { visible in actions.post { try await screen.setVisible(visible: visible) } }
    }

    @ViewBuilder
    private func content(_ state: TicketScreenState) -> some View {
        if state.removed {
            Text(strings.ticketRemoved)
                .foregroundColor(.secondary)
                .multilineTextAlignment(.center)
                .padding(24)
        } else if !state.loaded {
            ProgressView()
        } else {
            HelplineTimelineView(timeline: state.timeline) { outboxItem in
                actions.post { try await model.screen.retry(outboxItem: outboxItem) }
            }
            .announcesNewMessages(state.timeline)
        }
    }
}
#endif
