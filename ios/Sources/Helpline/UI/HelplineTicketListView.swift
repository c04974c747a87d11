// The user's requests, as a screen to put in the app's navigation: newest activity first,
// each with its status and unread mark; pull to refresh.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineTicketListView: View {
    @ObservedObject private var model: TicketListModel
    private let onOpen: (String) -> Void
    @Environment(\.helplineStrings) private var strings

    /// `onOpen` gets the ticket's id: show `HelplineTicketView` for `helpline.ticketScreen(ticketId:)`.
    public init(model: TicketListModel, onOpen: @escaping (String) -> Void) {
        self.model = model
        self.onOpen = onOpen
    }

    public var body: some View {
        let state = model.state
        let screen = model.screen
        VStack(spacing: 0) {
            if state.refreshError != nil {
                ScreenNoticeView(text: strings.refreshFailed)
            }
            content(state)
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        }
        .navigationTitle(strings.tickets)
        .refreshable {
            // Awaited, not queued: the spinner stays until the refresh is over.
            try? await screen.refresh()
        }
    }

    @ViewBuilder
    private func content(_ state: TicketListState) -> some View {
        if !state.loaded {
            ProgressView()
        } else if state.tickets.isEmpty {
            // A list even when empty, so pulling to refresh still works.
            List {
                Text(strings.noTickets)
                    .foregroundColor(.secondary)
                    .multilineTextAlignment(.center)
                    .frame(maxWidth: .infinity)
                    .padding(24)
            }
            .listStyle(.plain)
        } else {
            List(state.tickets, id: \.ticket.id) { item in
                TicketRowView(ticket: item.ticket, preview: item.preview, delivery: item.delivery, onOpen: onOpen)
            }
            .listStyle(.plain)
        }
    }
}
#endif
