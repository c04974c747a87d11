// The app-store rating prompt: `.helplineRatingPrompt(model)` on a view of the app (its root)
// asks when the core's rules say it is a good moment (`prompt.refresh()` asks them again).
// "Rate now" records the answer, then hands off to the store through a `ReviewHook` (StoreKit's
// by default); an unhappy user can write feedback instead, which reaches support as a ticket.

#if canImport(SwiftUI)
import SwiftUI

extension View {
    /// Shows `model`'s prompt over this view while its state says to ask.
    public func helplineRatingPrompt(_ model: RatingPromptModel, review: ReviewHook? = nil) -> some View {
        modifier(RatingPromptModifier(model: model, review: review ?? RatingPromptModifier.platformReview))
    }
}

struct RatingPromptModifier: ViewModifier {
    @ObservedObject var model: RatingPromptModel
    let review: ReviewHook?
    @State private var actions = ScreenActions()
    @State private var asking = false
    @State private var writing = false
    @State private var thanking = false
    @Environment(\.helplineStrings) private var strings

    func body(content: Content) -> some View {
        let state = model.state
        let prompt = model.screen
        let review = self.review
        content
            .alert(strings.ratingTitle, isPresented: $asking) {
                Button(strings.ratingRate) {
                    actions.post {
                        try await prompt.rate()
                        _ = await review?.requestReview()
                    }
                }
                Button(strings.ratingFeedback) { writing = true }
                Button(strings.ratingNever) { actions.post { try await prompt.decline() } }
                Button(strings.ratingLater, role: .cancel) { actions.post { try await prompt.later() } }
            } message: {
                Text(strings.ratingMessage)
            }
            .sheet(isPresented: $writing, onDismiss: { asking = Self.shouldAsk(model.state) }) {
                RatingFeedbackView(state: state.answer, onSend: { text in
                    actions.post { _ = try await prompt.feedback(text: text) }
                }, onCancel: { writing = false })
                .environment(\.helplineStrings, strings)
            }
            .background(
                // On a view of its own: two alerts on one view do not both show.
                Color.clear.alert(strings.ratingFeedbackSent, isPresented: $thanking) {
                    Button(strings.close, role: .cancel) {}
                }
            )
            .onAppear { asking = Self.shouldAsk(state) }
            .onChange(of: Self.shouldAsk(state)) { ask in asking = ask && !writing }
            .onChange(of: Self.gaveFeedback(state)) { gave in
                if gave {
                    writing = false
                    thanking = true
                }
            }
    }

    /// The rules say now, and the user has not answered yet.
    static func shouldAsk(_ state: RatingPromptState) -> Bool {
        state.decision.shouldPrompt && state.answer == .open
    }

    static func gaveFeedback(_ state: RatingPromptState) -> Bool {
        if case let .answered(outcome, _) = state.answer, case .feedback = outcome { return true }
        return false
    }

    /// The store's own review prompt where there is one.
    static var platformReview: ReviewHook? {
        #if canImport(StoreKit) && canImport(UIKit)
        return StoreKitReviewHook()
        #else
        return nil
        #endif
    }
}

/// "What could be better?": the user's words go to support as a ticket.
private struct RatingFeedbackView: View {
    let state: PromptAnswer
    let onSend: (String) -> Void
    let onCancel: () -> Void
    @State private var text = ""
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        NavigationView {
            Form {
                Section(header: Text(strings.ratingFeedbackHint)) {
                    TextEditor(text: $text).frame(minHeight: 120)
                }
                // The kit's words, not the error's: those are for the app's logs.
                if case .failed = state {
                    Text(strings.ratingFeedbackFailed).foregroundColor(.red)
                }
            }
            .navigationTitle(strings.ratingFeedback)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(strings.back, action: onCancel)
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(strings.ratingFeedbackSend) { onSend(text) }
                        .disabled(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || state == .recording)
                }
            }
        }
    }
}
#endif
