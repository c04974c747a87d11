// The rating prompt screen for SwiftUI: the core's state, published on the main actor.

import Combine
import Foundation

/// The rating prompt as an `ObservableObject` (iOS 15+): show the prompt while
/// `state.decision.shouldPrompt`; the answers are the core's. Releasing the model stops the states.
@MainActor
public final class RatingPromptModel: ObservableObject {
    @Published public private(set) var state: RatingPromptState
    public let prompt: RatingPrompt
    private var subscription: ScreenSubscription?

    public init(prompt: RatingPrompt) {
        self.prompt = prompt
        state = prompt.state()
        subscription = prompt.subscribe(listener: MainActorPromptListener { [weak self] state in self?.state = state })
    }

    public func refresh() async throws { try await prompt.refresh() }
    public func rate() async throws { try await prompt.rate() }
    public func later() async throws { try await prompt.later() }
    public func decline() async throws { try await prompt.decline() }
    public func feedback(_ text: String) async throws -> Ticket { try await prompt.feedback(text: text) }
}

/// Runs on the SDK's thread: hands each state to the main queue, in order.
private final class MainActorPromptListener: RatingPromptListener, @unchecked Sendable {
    private let deliver: @MainActor (RatingPromptState) -> Void

    init(_ deliver: @escaping @MainActor (RatingPromptState) -> Void) {
        self.deliver = deliver
    }

    func onState(state: RatingPromptState) {
        DispatchQueue.main.async { [deliver] in
            MainActor.assumeIsolated { deliver(state) }
        }
    }
}
