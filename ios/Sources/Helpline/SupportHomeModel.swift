// The support home screen for SwiftUI: `ScreenModel(home)`, `ObservedScreen(home)` or
// `home.states()`; `home.refresh()` is its pull to refresh.

extension StateRelay: SupportHomeListener where State == SupportHomeState {
    public func onState(state: SupportHomeState) { relay(state) }
}

extension SupportHome: ObservableScreen {
    public func subscribe(relay: StateRelay<SupportHomeState>) -> ScreenSubscription { subscribe(listener: relay) }
}

public typealias SupportHomeModel = ScreenModel<SupportHome>
