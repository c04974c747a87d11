// An article's sanitized HTML (from the core) read as text: for the plain-text body where
// WebKit is missing, and for search snippets (the matched words in bold).

#if canImport(SwiftUI)
import Foundation
import SwiftUI

/// A paragraph, a heading or a list item of an article's body.
struct ArticleBlock: Hashable {
    let text: String
    var heading = false
    var item = false
}

enum ArticleText {
    private static let breakMark = "\u{1}"
    private static let headingMark = "\u{2}"
    private static let itemMark = "\u{3}"
    private static let entities = ["&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'"]

    /// The body as blocks of text, in order; empty blocks dropped.
    static func blocks(_ html: String) -> [ArticleBlock] {
        var marked = replace(html, "(?i)<h[1-6][^>]*>", breakMark + headingMark)
        marked = replace(marked, "(?i)<li[^>]*>", breakMark + itemMark)
        marked = replace(marked, "(?i)<br\\s*/?>|</?(p|div|h[1-6]|li|ul|ol|tr|table|blockquote|pre)(\\s[^>]*)?>", breakMark)
        return marked.components(separatedBy: breakMark).compactMap { raw in
            let text = plain(raw.replacingOccurrences(of: headingMark, with: " ").replacingOccurrences(of: itemMark, with: " "))
            guard !text.isEmpty else { return nil }
            return ArticleBlock(text: text, heading: raw.hasPrefix(headingMark), item: raw.hasPrefix(itemMark))
        }
    }

    /// A search snippet (escaped text, `<em>` around the matched words) with those words in bold.
    static func snippet(_ html: String) -> Text {
        var result = Text("")
        var rest = html
        while let open = rest.range(of: "<em>", options: .caseInsensitive),
              let close = rest.range(of: "</em>", options: .caseInsensitive, range: open.upperBound..<rest.endIndex) {
            result = result + Text(plain(String(rest[..<open.lowerBound]), trim: false))
                + Text(plain(String(rest[open.upperBound..<close.lowerBound]), trim: false)).bold()
            rest = String(rest[close.upperBound...])
        }
        return result + Text(plain(rest, trim: false))
    }

    /// Tags dropped, entities decoded, runs of spaces made one.
    static func plain(_ html: String, trim: Bool = true) -> String {
        var text = replace(html, "<[^>]*>", "")
        for (entity, character) in entities {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        text = decodeNumeric(text).replacingOccurrences(of: "&amp;", with: "&")
        text = replace(text, "\\s+", " ")
        return trim ? text.trimmingCharacters(in: .whitespaces) : text
    }

    private static func decodeNumeric(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "&#(\\d{1,7});") else { return text }
        var out = text
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let whole = Range(match.range, in: out), let digits = Range(match.range(at: 1), in: out) else { continue }
            let scalar = UInt32(out[digits]).flatMap { Unicode.Scalar($0) }
            out.replaceSubrange(whole, with: scalar.map { String(Character($0)) } ?? "")
        }
        return out
    }

    private static func replace(_ text: String, _ pattern: String, _ with: String) -> String {
        text.replacingOccurrences(of: pattern, with: with, options: .regularExpression)
    }
}

/// The body as text: headings read as headings, list items bulleted; selectable.
struct PlainArticleBodyView: View {
    let html: String

    var body: some View {
        let blocks = ArticleText.blocks(html)
        VStack(alignment: .leading, spacing: 0) {
            ForEach(Array(blocks.enumerated()), id: \.offset) { index, block in
                row(block).padding(.top, gap(index, blocks))
            }
        }
        .textSelection(.enabled)
        .frame(maxWidth: .infinity, alignment: .leading)
    }

    @ViewBuilder
    private func row(_ block: ArticleBlock) -> some View {
        if block.heading {
            Text(block.text).font(.headline).accessibilityAddTraits(.isHeader)
        } else if block.item {
            HStack(alignment: .firstTextBaseline, spacing: 8) {
                Text("•").accessibilityHidden(true)
                Text(block.text)
            }
            .padding(.leading, 8)
        } else {
            Text(block.text)
        }
    }

    private func gap(_ index: Int, _ blocks: [ArticleBlock]) -> CGFloat {
        if index == 0 { return 0 }
        if blocks[index].heading { return 20 }
        if blocks[index].item && blocks[index - 1].item { return 4 }
        return 12
    }
}
#endif
