// The support home, as a screen to put in the app's navigation: the helpdesk's greeting, the
// ways to get help the helpdesk switched on, its popular articles and the user's open requests.
// Where each leads is the app's navigation (the callbacks).

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineSupportHomeView: View {
    @ObservedObject private var model: SupportHomeModel
    private let go: HomeNavigation
    @Environment(\.helplineStrings) private var strings

    /// `onArticle` gets an article's id (the help center by default), `onTicket` a ticket's
    /// (the ticket list by default).
    public init(model: SupportHomeModel, onHelpCenter: @escaping () -> Void, onContact: @escaping () -> Void,
                onTickets: @escaping () -> Void, onChat: @escaping () -> Void,
                onArticle: ((Int64) -> Void)? = nil, onTicket: ((String) -> Void)? = nil) {
        self.model = model
        go = HomeNavigation(helpCenter: onHelpCenter, contact: onContact, tickets: onTickets, chat: onChat,
                            article: onArticle ?? { _ in onHelpCenter() }, ticket: onTicket ?? { _ in onTickets() })
    }

    public var body: some View {
        let state = model.state
        let home = model.screen
        List {
            if state.refreshFailures.isEmpty == false || state.unreachable {
                ScreenNoticeView(text: strings.refreshFailed)
            }
            Section {
                HomeEntryRowView(title: strings.helpCenter, entry: state.helpCenter, unread: 0, onOpen: go.helpCenter)
                HomeEntryRowView(title: strings.contactUs, entry: state.tickets, unread: 0, onOpen: go.contact)
                HomeEntryRowView(title: strings.tickets, entry: state.tickets, unread: state.unreadTickets, onOpen: go.tickets)
                HomeEntryRowView(title: strings.chat, entry: state.chat, unread: state.chatUnread, onOpen: go.chat)
            }
            if !state.promotedArticles.isEmpty {
                Section(header: Text(strings.promotedArticles)) {
                    ForEach(state.promotedArticles, id: \.id) { article in
                        Button(article.title) { go.article(article.id) }
                            .frame(minHeight: 44)
                    }
                }
            }
            if state.tickets == .available && !state.openTickets.isEmpty {
                Section(header: Text(strings.openTickets)) {
                    ForEach(state.openTickets, id: \.id) { ticket in
                        TicketRowView(ticket: ticket, preview: nil, delivery: ticket.delivery, onOpen: go.ticket)
                    }
                }
            }
        }
        .navigationTitle(state.greeting ?? strings.homeTitle)
        .refreshable { try? await home.refresh() }
    }
}

/// Where the home's entries lead.
private struct HomeNavigation {
    let helpCenter: () -> Void
    let contact: () -> Void
    let tickets: () -> Void
    let chat: () -> Void
    let article: (Int64) -> Void
    let ticket: (String) -> Void
}
#endif
