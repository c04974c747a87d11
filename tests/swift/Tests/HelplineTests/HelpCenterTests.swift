import Foundation
import Helpline
import XCTest

/// The help center: sync, browse, offline search, votes (mirrors HelpCenterTest.kt).
final class HelpCenterTests: ReferenceServerTestCase {
    /// Nothing listens there: the helpdesk is unreachable.
    private static let unreachable = "http://127.0.0.1:9"

    func testTheHelpCenterSyncsThenIsBrowsedAndReadFromTheDevice() async throws {
        let helpline = try open()
        let events = Recorder()
        let subscription = try helpline.subscribe(listener: events)
        defer { subscription.cancel() }
        let helpCenter = helpline.helpCenter()
        XCTAssertTrue(try helpCenter.categories().isEmpty, "nothing before the first sync")

        let progress = ProgressRecorder()
        let report = try await helpCenter.syncWithProgress(listener: progress)
        XCTAssertTrue(report.full)
        XCTAssertEqual(report.locale, "en-us")
        XCTAssertGreaterThan(report.articlesChanged, 0)
        XCTAssertGreaterThan(progress.pages.last?.articles ?? 0, 0, "progress: \(progress.pages)")
        XCTAssertTrue(events.wait { $0 == .helpCenterChanged })

        let category = try XCTUnwrap(try helpCenter.categories().first)
        let sections = try helpCenter.sections(categoryId: category.id)
        XCTAssertFalse(sections.isEmpty)
        XCTAssertTrue(sections.allSatisfy { $0.categoryId == category.id })
        let section = try XCTUnwrap(sections.first)
        let articles = try helpCenter.articles(sectionId: section.id)
        XCTAssertFalse(articles.isEmpty)
        XCTAssertTrue(articles.allSatisfy { $0.sectionId == section.id })
        XCTAssertEqual(try helpCenter.articles().count, Int(report.articlesChanged))

        let summary = try XCTUnwrap(articles.first)
        let article = try helpCenter.article(id: summary.id)
        XCTAssertEqual(article.summary.title, summary.title)
        let body = try XCTUnwrap(article.bodyHtml)
        XCTAssertFalse(body.lowercased().contains("<script"))
        XCTAssertThrowsError(try helpCenter.article(id: 999_999_999)) { error in
            guard case .NotFound = error as? HelplineError else { return XCTFail("not NotFound: \(error)") }
        }
        // Attachments come with the sync: listed from the cache, no article opened online.
        let files = try helpCenter.articles(sectionId: nil).flatMap { try helpCenter.article(id: $0.id).attachments }
        XCTAssertFalse(files.isEmpty)
        XCTAssertTrue(files.allSatisfy { $0.contentUrl.hasPrefix(server.baseURL) }, "\(files)")

        let again = try await helpCenter.sync()
        XCTAssertFalse(again.full, "the second sync is incremental")
        XCTAssertEqual(again.articlesChanged, 0)
    }

    func testTheHelpCenterIsSearchedOffline() async throws {
        let helpCenter = try open().helpCenter()
        let report = try await helpCenter.sync()
        XCTAssertTrue(report.full)
        XCTAssertFalse(try helpCenter.categories().isEmpty)

        let hits = try helpCenter.searchOffline(query: "callback")
        XCTAssertFalse(hits.isEmpty)
        XCTAssertEqual(hits.first?.source, .offline)
        XCTAssertTrue(hits.first?.article.title.lowercased().contains("callback") ?? false)
    }

    func testSearchWorksOfflineAndAnOnlineSearchFallsBackToTheDevice() async throws {
        do {
            let helpline = try open("reader")
            _ = try await helpline.helpCenter().sync()
        } // Released: closed.

        // The same install, the helpdesk gone.
        let helpline = try open("reader", baseURL: Self.unreachable)
        let helpCenter = helpline.helpCenter()
        let hits = try helpCenter.searchOffline(query: "callback")
        let first = try XCTUnwrap(hits.first)
        XCTAssertTrue(first.article.title.lowercased().contains("callback"), first.article.title)
        XCTAssertTrue(hits.allSatisfy { $0.source == .offline })
        XCTAssertTrue(first.snippet.contains("<em>"), first.snippet)
        XCTAssertEqual(try helpCenter.searchOffline(query: "callback", limit: 1).count, 1)

        let results = try await helpCenter.search(query: "callback")
        XCTAssertEqual(results.source, .offline)
        XCTAssertNotNil(results.fallbackReason)
        XCTAssertEqual(results.hits.map(\.article.id), hits.map(\.article.id))

        let suggestions = try helpCenter.suggestions(
            subject: "Call me back", description: "Can someone call me back about my order?"
        )
        XCTAssertFalse(suggestions.isEmpty)
    }

    func testAVoteIsRecordedAtOnceAndSentByTheOutbox() async throws {
        let helpline = try open()
        try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
        let helpCenter = helpline.helpCenter()
        _ = try await helpCenter.sync()
        let id = try XCTUnwrap(try helpCenter.articles().first).id

        let item = try await helpCenter.vote(articleId: id, value: .up)
        XCTAssertEqual(item.kind, .vote)
        XCTAssertEqual(try helpCenter.article(id: id).myVote, .up)
        let pending = try await helpline.flushOutbox()
        XCTAssertEqual(pending, 0)
        let fetched = try await helpCenter.fetchArticle(id: id)
        XCTAssertEqual(fetched.source, .online)
        XCTAssertEqual(fetched.article.myVote, .up)
        XCTAssertGreaterThanOrEqual(fetched.article.summary.voteSum, 1, "the helpdesk counted the vote: \(fetched.article.summary)")
    }
}

/// A plain sync progress listener that records every page.
final class ProgressRecorder: SyncProgressListener, @unchecked Sendable {
    private let lock = NSLock()
    private var received: [SyncProgress] = []

    var pages: [SyncProgress] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    func onProgress(progress: SyncProgress) {
        lock.lock()
        received.append(progress)
        lock.unlock()
    }
}
