// An article's body (sanitized HTML from the core): in a web view where WebKit and UIKit are
// there, so links, images and tables keep their shape; as plain text elsewhere.

#if canImport(SwiftUI)
import SwiftUI

#if canImport(UIKit) && canImport(WebKit)
import UIKit
import WebKit

/// As tall as its content (it scrolls with the article's page, not inside it), measured again
/// when its width or the text size changes; a tapped link opens outside the app, in the browser
/// or the app it belongs to. The page's own scripts do not run.
struct ArticleBodyView: View {
    let html: String
    @State private var height: CGFloat = 120
    @Environment(\.sizeCategory) private var sizeCategory

    var body: some View {
        ArticleWebView(html: html, sizeCategory: sizeCategory, height: $height)
            .frame(height: height)
    }
}

private struct ArticleWebView: UIViewRepresentable {
    let html: String
    /// Dynamic Type: the page is laid out again in the new size.
    let sizeCategory: ContentSizeCategory
    @Binding var height: CGFloat

    func makeCoordinator() -> Coordinator {
        Coordinator(height: $height)
    }

    func makeUIView(context: Context) -> WKWebView {
        let configuration = WKWebViewConfiguration()
        configuration.defaultWebpagePreferences.allowsContentJavaScript = false
        let view = MeasuredWebView(frame: .zero, configuration: configuration)
        view.navigationDelegate = context.coordinator
        view.scrollView.isScrollEnabled = false
        view.isOpaque = false
        view.backgroundColor = .clear
        view.onWidthChange = { [weak coordinator = context.coordinator, weak view] in
            if let view = view { coordinator?.measure(view) }
        }
        return view
    }

    func updateUIView(_ view: WKWebView, context: Context) {
        let page = Self.page(html)
        guard context.coordinator.loaded != page || context.coordinator.sizeCategory != sizeCategory else { return }
        context.coordinator.loaded = page
        context.coordinator.sizeCategory = sizeCategory
        view.loadHTMLString(page, baseURL: nil)
    }

    /// The body in the system's font, size (Dynamic Type) and colors, light or dark, in the
    /// direction of its own text (Arabic, Hebrew right to left).
    private static func page(_ body: String) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        :root { color-scheme: light dark; }
        body { font: -apple-system-body; margin: 0; word-wrap: break-word; }
        img, video, table { max-width: 100%; height: auto; }
        a { color: -apple-system-blue; }
        </style></head><body dir="auto">\(body)</body></html>
        """
    }

    /// Tells its coordinator when its width changes: the text wraps anew, so its height does.
    final class MeasuredWebView: WKWebView {
        var onWidthChange: (() -> Void)?
        private var measuredWidth: CGFloat = 0

        override func layoutSubviews() {
            super.layoutSubviews()
            guard bounds.width != measuredWidth else { return }
            measuredWidth = bounds.width
            onWidthChange?()
        }
    }

    final class Coordinator: NSObject, WKNavigationDelegate {
        var loaded: String?
        var sizeCategory: ContentSizeCategory?
        private let height: Binding<CGFloat>

        init(height: Binding<CGFloat>) {
            self.height = height
        }

        func webView(_ webView: WKWebView, didFinish navigation: WKNavigation!) {
            measure(webView)
        }

        /// The content's own height (not the view's, which is at least the frame given).
        func measure(_ webView: WKWebView) {
            webView.evaluateJavaScript("Math.ceil(document.body.getBoundingClientRect().height)") { [height] value, _ in
                if let value = value as? Double, value > 0 { height.wrappedValue = CGFloat(value) }
            }
        }

        /// Only the body itself loads here; a link the user taps opens outside.
        func webView(_ webView: WKWebView, decidePolicyFor action: WKNavigationAction,
                     decisionHandler: @escaping (WKNavigationActionPolicy) -> Void) {
            guard action.navigationType == .linkActivated, let url = action.request.url else {
                decisionHandler(.allow)
                return
            }
            decisionHandler(.cancel)
            UIApplication.shared.open(url)
        }
    }
}
#else
/// No WebKit here: the body as text.
struct ArticleBodyView: View {
    let html: String

    var body: some View {
        PlainArticleBodyView(html: html)
    }
}
#endif
#endif
