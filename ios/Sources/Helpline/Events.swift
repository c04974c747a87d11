// The Swift layer over the generated bindings (Generated/Helpline.swift, same module).

import Foundation

extension Helpline {
    /// Every change the SDK makes: a `.snapshot` of the current state first (tickets, unread
    /// count, outbox), then each change in order.
    ///
    /// The SDK's thread only yields into the stream; iterate it wherever you like, the main
    /// actor included. Ending the iteration (or cancelling its task) ends the subscription.
    public func events() throws -> AsyncStream<HelplineEvent> {
        let (stream, continuation) = AsyncStream<HelplineEvent>.makeStream(bufferingPolicy: .unbounded)
        let subscription = try subscribe(listener: StreamListener(continuation))
        continuation.onTermination = { _ in subscription.cancel() }
        return stream
    }
}

/// Runs on the SDK's thread: no app code, only the hand-over.
private final class StreamListener: HelplineListener {
    private let continuation: AsyncStream<HelplineEvent>.Continuation

    init(_ continuation: AsyncStream<HelplineEvent>.Continuation) {
        self.continuation = continuation
    }

    func onEvent(event: HelplineEvent) {
        continuation.yield(event)
    }
}
