// Screen states for SwiftUI: one generic model, one generic stream, over any screen of the
// core. All logic stays in the core; these only hand its states over to the main actor.

import Combine
import Foundation
#if canImport(Observation)
import Observation
#endif

/// Carries a screen's states from the SDK's thread. Each screen's listener protocol is adopted
/// in that screen's file (`extension StateRelay: XListener where State == XState`), so one
/// relay serves every screen.
public final class StateRelay<State>: @unchecked Sendable {
    private let send: (State) -> Void

    init(_ send: @escaping (State) -> Void) {
        self.send = send
    }

    func relay(_ state: State) {
        send(state)
    }
}

/// A screen of the core, as the generic models see it: its state now, and a subscription.
public protocol ObservableScreen: AnyObject {
    associatedtype State
    func state() -> State
    func subscribe(relay: StateRelay<State>) -> ScreenSubscription
}

extension ObservableScreen {
    /// The states as an `AsyncSequence`: the whole state first, then the latest of each change
    /// (only the newest waits while the consumer is busy). Ending the iteration ends it.
    public func states() -> AsyncStream<State> {
        let (stream, continuation) = AsyncStream<State>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let subscription = subscribe(relay: StateRelay { continuation.yield($0) })
        continuation.onTermination = { _ in subscription.cancel() }
        return stream
    }

    /// Delivers each state on the main actor, in order, while the subscription lives.
    fileprivate func subscribeOnMain(_ deliver: @escaping @MainActor (State) -> Void) -> ScreenSubscription {
        subscribe(relay: StateRelay { state in
            DispatchQueue.main.async {
                MainActor.assumeIsolated { deliver(state) }
            }
        })
    }
}

/// A screen as an `ObservableObject` (iOS 15+): `state` is the core's latest state, set on the
/// main actor; the actions are the screen's own (`model.screen.submit()`). Releasing the model
/// stops the states.
@MainActor
public final class ScreenModel<Screen: ObservableScreen>: ObservableObject {
    @Published public private(set) var state: Screen.State
    public let screen: Screen
    private var subscription: ScreenSubscription?

    public init(_ screen: Screen) {
        self.screen = screen
        state = screen.state()
        subscription = screen.subscribeOnMain { [weak self] state in self?.state = state }
    }
}

#if canImport(Observation)
/// A screen as an `@Observable` model (iOS 17+): SwiftUI redraws what reads `state` when it
/// changes. Same contract as `ScreenModel`.
@available(iOS 17, macOS 14, *)
@MainActor
@Observable
public final class ObservedScreen<Screen: ObservableScreen> {
    public private(set) var state: Screen.State
    public let screen: Screen
    @ObservationIgnored private var subscription: ScreenSubscription?

    public init(_ screen: Screen) {
        self.screen = screen
        state = screen.state()
        subscription = screen.subscribeOnMain { [weak self] state in self?.state = state }
    }
}
#endif
