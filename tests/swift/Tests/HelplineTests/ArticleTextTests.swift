#if canImport(SwiftUI)
@testable import Helpline
import SwiftUI
import XCTest

/// An article's HTML read as text (the body where WebKit is missing, and search snippets).
final class ArticleTextTests: XCTestCase {
    func testTheBodyReadsAsHeadingsParagraphsAndListItemsInOrder() {
        let html = """
        <h2 class="title">Getting started</h2>
        <p>Open the <b>app</b>.</p>
        <ul><li>One</li><li class="x">Two &amp; three</li></ul>
        <p>Line<br>break</p><div>   </div>
        """
        XCTAssertEqual(ArticleText.blocks(html), [
            ArticleBlock(text: "Getting started", heading: true),
            ArticleBlock(text: "Open the app."),
            ArticleBlock(text: "One", item: true),
            ArticleBlock(text: "Two & three", item: true),
            ArticleBlock(text: "Line"),
            ArticleBlock(text: "break"),
        ])
    }

    func testABodyWithNoTextHasNoBlocks() {
        XCTAssertEqual(ArticleText.blocks(""), [])
        XCTAssertEqual(ArticleText.blocks("<p> </p><ul><li>&nbsp;</li></ul>"), [])
    }

    /// Tags go before entities are decoded, and `&amp;` last, so escaped markup stays text once.
    func testPlainTextDropsTagsDecodesEntitiesOnceAndFoldsSpaces() {
        XCTAssertEqual(ArticleText.plain("&lt;tag&gt; &amp;lt; &#233;t&#233; &nbsp;x"), "<tag> &lt; été x")
        XCTAssertEqual(ArticleText.plain("<a href=\"#\">It&#39;s</a>\n\t<i>here</i>"), "It's here")
        XCTAssertEqual(ArticleText.plain("a&#55296;b"), "ab", "a number that is no character is dropped")
    }

    func testSnippetPiecesKeepTheirEdgeSpaces() {
        XCTAssertEqual(ArticleText.plain(" Reset  <b>your</b> ", trim: false), " Reset your ")
        XCTAssertEqual(ArticleText.plain(" Reset ", trim: true), "Reset")
    }

    /// The matched words (in `<em>`) bold, the rest plain, in order.
    func testASearchSnippetBoldsTheMatchedWords() {
        let snippet = ArticleText.snippet("Reset <em>your</em> pass&amp;word <EM>now</EM>")
        let bolded = Text("") + Text(verbatim: "Reset ") + Text(verbatim: "your").bold()
            + Text(verbatim: " pass&word ") + Text(verbatim: "now").bold() + Text(verbatim: "")
        let flat = Text("") + Text(verbatim: "Reset ") + Text(verbatim: "your")
            + Text(verbatim: " pass&word ") + Text(verbatim: "now") + Text(verbatim: "")
        XCTAssertEqual(snippet, bolded)
        XCTAssertNotEqual(snippet, flat)
    }

    func testAnUnclosedMarkBoldsNothing() {
        XCTAssertEqual(ArticleText.snippet("a <em>b"), Text("") + Text(verbatim: "a b"))
    }
}
#endif
