// The contact form screen for SwiftUI: the core's state, published on the main actor. All
// logic stays in the core; this only hands its states over.

import Combine
import Foundation

/// The contact form as an `ObservableObject` (iOS 15+): `state` is the core's latest state,
/// set on the main actor; the actions are the core's. Releasing the model stops the states.
@MainActor
public final class ContactFormModel: ObservableObject {
    @Published public private(set) var state: ContactFormState
    public let form: ContactForm
    private var subscription: ScreenSubscription?

    public init(form: ContactForm) {
        self.form = form
        state = form.state()
        subscription = form.subscribe(listener: MainActorListener { [weak self] state in self?.state = state })
    }

    public func setSubject(_ subject: String) async throws { try await form.setSubject(subject: subject) }
    public func setDescription(_ text: String) async throws { try await form.setDescription(description: text) }
    public func setField(_ id: UInt64, _ value: FieldValue?) async throws { try await form.setField(id: id, value: value) }
    public func addAttachment(path: String) async throws { try await form.addAttachment(path: path) }
    public func removeAttachment(path: String) async throws { try await form.removeAttachment(path: path) }
    public func submit() async throws -> Ticket { try await form.submit() }
    public func clear() async throws { try await form.clear() }
}

extension ContactForm {
    /// The states as an `AsyncSequence`: the whole state first, then the latest of each change
    /// (only the newest waits while the consumer is busy). Ending the iteration ends it.
    public func states() -> AsyncStream<ContactFormState> {
        let (stream, continuation) = AsyncStream<ContactFormState>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let subscription = subscribe(listener: StreamStates(continuation))
        continuation.onTermination = { _ in subscription.cancel() }
        return stream
    }
}

/// Runs on the SDK's thread: hands each state to the main queue, in order.
private final class MainActorListener: ContactFormListener, @unchecked Sendable {
    private let deliver: @MainActor (ContactFormState) -> Void

    init(_ deliver: @escaping @MainActor (ContactFormState) -> Void) {
        self.deliver = deliver
    }

    func onState(state: ContactFormState) {
        DispatchQueue.main.async { [deliver] in
            MainActor.assumeIsolated { deliver(state) }
        }
    }
}

/// Runs on the SDK's thread: no app code, only the hand-over.
private final class StreamStates: ContactFormListener, @unchecked Sendable {
    private let continuation: AsyncStream<ContactFormState>.Continuation

    init(_ continuation: AsyncStream<ContactFormState>.Continuation) {
        self.continuation = continuation
    }

    func onState(state: ContactFormState) {
        continuation.yield(state)
    }
}
