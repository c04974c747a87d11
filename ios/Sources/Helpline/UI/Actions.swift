// A screen's calls to the core, one after another in the order the user made them: a send
// never overtakes the text typed just before it. A refused call needs nothing here: the
// screen's next state says what went wrong (a field's error, a failed message).

#if canImport(SwiftUI)
import Foundation

final class ScreenActions: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Task<Void, Never>?

    /// Runs `action` once every action posted before it has finished.
    func post(_ action: @escaping @Sendable () async throws -> Void) {
        lock.lock()
        defer { lock.unlock() }
        let previous = last
        last = Task {
            await previous?.value
            try? await action()
        }
    }
}
#endif
