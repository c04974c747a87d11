// The help center screen for SwiftUI: `ScreenModel(screen)`, `ObservedScreen(screen)` or
// `screen.states()`; the actions (openSection, openArticle, setQuery, vote, back) are the screen's.

extension StateRelay: HelpCenterListener where State == HelpCenterState {
    public func onState(state: HelpCenterState) { relay(state) }
}

extension HelpCenterScreen: ObservableScreen {
    public func subscribe(relay: StateRelay<HelpCenterState>) -> ScreenSubscription { subscribe(listener: relay) }
}

public typealias HelpCenterScreenModel = ScreenModel<HelpCenterScreen>
