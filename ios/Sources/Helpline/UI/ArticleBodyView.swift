// An article's body (sanitized HTML from the core): in a web view where WebKit and UIKit are
// there, so links, images and tables keep their shape; as plain text elsewhere.

#if canImport(SwiftUI)
import SwiftUI

#if canImport(UIKit) && canImport(WebKit)
import UIKit
import WebKit

/// As tall as its content (it scrolls with the article's page, not inside it); a tapped link
/// opens outside the app, in the browser or the app it belongs to.
struct ArticleBodyView: View {
    let html: String
    @State private var height: CGFloat = 120

    var body: some View {
        ArticleWebView(html: html, height: $height)
            .frame(height: height)
    }
}

private struct ArticleWebView: UIViewRepresentable {
    let html: String
    @Binding var height: CGFloat

    func makeCoordinator() -> Coordinator {
        Coordinator(height: $height)
    }

    func makeUIView(context: Context) -> WKWebView {
        let view = WKWebView(frame: .zero, configuration: WKWebViewConfiguration())
        view.navigationDelegate = context.coordinator
        view.scrollView.isScrollEnabled = false
        view.isOpaque = false
        view.backgroundColor = .clear
        return view
    }

    func updateUIView(_ view: WKWebView, context: Context) {
        guard context.coordinator.loaded != html else { return }
        context.coordinator.loaded = html
        view.loadHTMLString(Self.page(html), baseURL: nil)
    }

    /// The body in the system's font, size (Dynamic Type) and colors, light or dark.
    private static func page(_ body: String) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        :root { color-scheme: light dark; }
        body { font: -apple-system-body; margin: 0; word-wrap: break-word; }
        img, video, table { max-width: 100%; height: auto; }
        a { color: -apple-system-blue; }
        </style></head><body>\(body)</body></html>
        """
    }

    final class Coordinator: NSObject, WKNavigationDelegate {
        var loaded: String?
        private let height: Binding<CGFloat>

        init(height: Binding<CGFloat>) {
            self.height = height
        }

        func webView(_ webView: WKWebView, didFinish navigation: WKNavigation!) {
            webView.evaluateJavaScript("document.documentElement.scrollHeight") { [height] value, _ in
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
