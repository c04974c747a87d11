// The rating prompt screen for SwiftUI: `ScreenModel(prompt)`, `ObservedScreen(prompt)` or
// `prompt.states()`; show the prompt while `state.decision.shouldPrompt`.

extension StateRelay: RatingPromptListener where State == RatingPromptState {
    public func onState(state: RatingPromptState) { relay(state) }
}

extension RatingPrompt: ObservableScreen {
    public func subscribe(relay: StateRelay<RatingPromptState>) -> ScreenSubscription { subscribe(listener: relay) }
}

public typealias RatingPromptModel = ScreenModel<RatingPrompt>
