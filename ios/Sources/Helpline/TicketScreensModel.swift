// The ticket list and ticket screens for SwiftUI: `ScreenModel(list)`, `ObservedScreen(ticket)` or
// `screen.states()`; the actions are the screens' own.

import Foundation

extension StateRelay: TicketListListener where State == TicketListState {
    public func onState(state: TicketListState) { relay(state) }
}

extension StateRelay: TicketScreenListener where State == TicketScreenState {
    public func onState(state: TicketScreenState) { relay(state) }
}

extension TicketListScreen: ObservableScreen {
    public func subscribe(relay: StateRelay<TicketListState>) -> ScreenSubscription { subscribe(listener: relay) }
}

extension TicketScreen: ObservableScreen {
    public func subscribe(relay: StateRelay<TicketScreenState>) -> ScreenSubscription { subscribe(listener: relay) }
}

extension Helpline {
    /// One ticket's screen, its days in the device's time zone now.
    public func ticketScreen(ticketId: String) throws -> TicketScreen {
        try ticketScreen(ticketId: ticketId, utcOffsetSeconds: Int32(TimeZone.current.secondsFromGMT()))
    }
}

public typealias TicketListModel = ScreenModel<TicketListScreen>
public typealias TicketModel = ScreenModel<TicketScreen>
