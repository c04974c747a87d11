// The contact form screen for SwiftUI: `ScreenModel(form)`, `ObservedScreen(form)` or
// `form.states()`; the actions are the form's own.

extension StateRelay: ContactFormListener where State == ContactFormState {
    public func onState(state: ContactFormState) { relay(state) }
}

extension ContactForm: ObservableScreen {
    public func subscribe(relay: StateRelay<ContactFormState>) -> ScreenSubscription { subscribe(listener: relay) }
}

public typealias ContactFormModel = ScreenModel<ContactForm>
