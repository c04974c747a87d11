import Foundation
import Helpline
import XCTest

/// The help center screen through its model (mirrors HelpCenterScreenTest.kt).
final class HelpCenterScreenTests: ReferenceServerTestCase {
    @MainActor
    func testTheModelBrowsesToAnArticleSearchesAsTheUserTypesAndShowsAVote() async throws {
        let helpline = try open("ana")
        let model = HelpCenterScreenModel(helpline.helpCenterScreen())
        let home = try await until(model) {
            if case .synced = $0.cache.sync { return !$0.categories.isEmpty }
            return false
        }
        XCTAssertEqual(home.status, .ready)

        let section = try XCTUnwrap(home.categories.first?.sections.first)
        try await model.screen.openSection(id: section.id)
        let listed = try XCTUnwrap(try await until(model) { $0.section?.articles.isEmpty == false }.section)
        XCTAssertTrue(listed.articles.allSatisfy { $0.sectionId == section.id })

        let article = try XCTUnwrap(listed.articles.first)
        try await model.screen.openArticle(id: article.id)
        let open = try XCTUnwrap(try await until(model) { $0.article?.load == .ready }.article)
        XCTAssertEqual(open.title, article.title)
        XCTAssertEqual(open.source, .online)

        try await model.screen.vote(value: .up)
        XCTAssertEqual(try await until(model) { $0.article?.article?.myVote != nil }.article?.article?.myVote, .up)
        XCTAssertTrue(model.screen.back(), "the article closes")

        try await model.screen.setQuery(query: "password")
        let online = try await until(model) { $0.search.results?.source == .online }.search
        XCTAssertEqual(online.query, "password")
        XCTAssertEqual(online.load, .ready)
        try await model.screen.setQuery(query: "")
        XCTAssertNil(try await until(model) { $0.search.query.isEmpty }.search.results, "an empty query clears")
    }
}
