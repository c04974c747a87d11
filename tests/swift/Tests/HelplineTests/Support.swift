import Foundation
import Helpline
import XCTest

/// What every test class shares (mirrors tests/kotlin's ReferenceServerTest and Support.kt): a
/// reference server and a fresh data directory per test.
class ReferenceServerTestCase: XCTestCase {
    var server: ReferenceServer!
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        server = try ReferenceServer(directory: directory)
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// An SDK on its own data directory: a separate install, hence a separate user.
    func open(_ install: String = "ana", baseURL: String? = nil, appId: String = "swift-tests") throws -> Helpline {
        let config = HelplineConfig(
            baseUrl: baseURL ?? server.baseURL, appId: appId, clientId: "swift-tests",
            dataDir: directory.appendingPathComponent(install).path, platform: "ios"
        )
        return try Helpline.open(config: config)
    }

    func identified(_ name: String = "Ana") async throws -> Helpline {
        let helpline = try open(name.lowercased())
        try await helpline.setIdentity(identity: .anonymous(name: name, email: "\(name.lowercased())@example.com"))
        return helpline
    }

    func draft(_ subject: String) -> TicketDraft {
        TicketDraft(subject: subject, description: "It was due on Monday.")
    }

    /// Waits (on the main actor) until a screen model's `state` satisfies `wanted`.
    @MainActor
    func until<Screen: ObservableScreen>(
        _ model: ScreenModel<Screen>, _ wanted: (Screen.State) -> Bool
    ) async throws -> Screen.State {
        for _ in 0..<500 where !wanted(model.state) {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertTrue(wanted(model.state), "timed out: \(model.state)")
        return model.state
    }

    /// The first state of a screen's `states()` that `wanted` accepts.
    func first<State>(_ states: AsyncStream<State>, _ wanted: (State) -> Bool) async throws -> State {
        for await state in states where wanted(state) {
            return state
        }
        throw StatesEnded()
    }
}

/// A screen's states ended before the one a test waited for.
struct StatesEnded: Error {}

/// A plain listener that records what it receives.
final class Recorder: HelplineListener, @unchecked Sendable {
    private let condition = NSCondition()
    private var received: [HelplineEvent] = []

    var events: [HelplineEvent] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    func onEvent(event: HelplineEvent) {
        condition.lock()
        received.append(event)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether an event matching `wanted` arrived within 20 s.
    func wait(for wanted: (HelplineEvent) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        condition.lock()
        defer { condition.unlock() }
        while !received.contains(where: wanted) {
            if !condition.wait(until: deadline) {
                return received.contains(where: wanted)
            }
        }
        return true
    }
}

/// Waits until `condition` holds (20 s at most); false if it never did.
func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// `XCTAssertThrowsError` for an async call.
func assertThrowsAsync<T>(
    _ expression: @autoclosure () async throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ handler: (Error) -> Void = { _ in }
) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {
        handler(error)
    }
}
