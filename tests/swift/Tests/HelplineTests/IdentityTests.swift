import Foundation
import Helpline
import XCTest

/// Who the user is: a JWT from the app's backend, and signing out (mirrors HelplineTest.kt).
final class IdentityTests: ReferenceServerTestCase {
    func testAJWTIdentitySignsInThroughTheAppsProvider() async throws {
        let helpline = try open("carla")
        let backend = SigningBackend()
        helpline.setJwtProvider(provider: backend)
        try await helpline.setIdentity(identity: .jwt(userToken: "session-of-carla"))
        let tickets = helpline.tickets()
        _ = try await tickets.create(draft: draft("Carla's ticket"))
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        XCTAssertEqual(backend.userTokens, ["session-of-carla"])
        let refreshed = try await tickets.refresh()
        XCTAssertEqual(refreshed.map(\.subject), ["Carla's ticket"])
    }

    func testAFailingJWTProviderKeepsWritesPendingAndThrowsUnauthorized() async throws {
        let helpline = try open("dan")
        helpline.setJwtProvider(provider: UnreachableBackend())
        try await helpline.setIdentity(identity: .jwt(userToken: "session-of-dan"))
        let tickets = helpline.tickets()
        _ = try await tickets.create(draft: draft("Waiting for sign-in"))
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 1)
        do {
            _ = try await tickets.refresh()
            XCTFail("refreshed without a JWT")
        } catch HelplineError.Unauthorized(let reason) {
            XCTAssertTrue(reason.contains("backend unreachable"), reason)
        }
        XCTAssertEqual(try helpline.outbox().map(\.state), [.pending])
    }

    func testSigningOutWipesTheUsersDataAndSaysSo() async throws {
        let helpline = try await identified("Gus")
        let tickets = helpline.tickets()
        _ = try await tickets.create(draft: draft("Private"))
        let events = Recorder()
        let subscription = try helpline.subscribe(listener: events)
        defer { subscription.cancel() }
        XCTAssertTrue(events.wait { event in
            if case let .snapshot(current, _, _) = event { return current.count == 1 }
            return false
        })
        try await helpline.clearIdentity()
        XCTAssertTrue(events.wait { $0 == .identityChanged })
        XCTAssertNil(helpline.identity())
        XCTAssertTrue(try tickets.list().isEmpty)
        XCTAssertTrue(try helpline.outbox().isEmpty)
    }
}

/// The app's backend: signs Carla's JWT, recording the user tokens it was asked for.
final class SigningBackend: JwtProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String] = []

    var userTokens: [String] {
        lock.lock()
        defer { lock.unlock() }
        return tokens
    }

    func jwt(userToken: String) async throws -> String {
        record(userToken)
        return try ReferenceServer.signJwt(externalId: "carla-42", email: "carla@example.com")
    }

    private func record(_ userToken: String) {
        lock.lock()
        tokens.append(userToken)
        lock.unlock()
    }
}

/// An app's backend that cannot be reached.
final class UnreachableBackend: JwtProvider {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "backend unreachable" }
    }

    func jwt(userToken: String) async throws -> String {
        throw Unreachable()
    }
}
