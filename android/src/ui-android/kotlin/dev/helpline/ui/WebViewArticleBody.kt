package dev.helpline.ui

import android.annotation.SuppressLint
import android.content.ActivityNotFoundException
import android.content.Intent
import android.graphics.Color
import android.webkit.WebResourceRequest
import android.webkit.WebView
import android.webkit.WebViewClient
import androidx.compose.material3.MaterialTheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color as ComposeColor
import androidx.compose.ui.graphics.toArgb
import androidx.compose.ui.viewinterop.AndroidView

/**
 * An article's body (HTML the core already sanitized) in a WebView: tables, images and links
 * kept, in the theme's colors and the user's font size. No JavaScript, no file access; a link
 * opens in the browser, never inside the kit.
 */
@SuppressLint("SetJavaScriptEnabled")
@Composable
fun WebViewArticleBody(html: String) {
    val colors = MaterialTheme.colorScheme
    val page = articlePage(html, colors.onBackground, colors.primary)
    AndroidView(
        factory = { context ->
            WebView(context).apply {
                settings.javaScriptEnabled = false
                settings.allowFileAccess = false
                settings.allowContentAccess = false
                setBackgroundColor(Color.TRANSPARENT)
                webViewClient = object : WebViewClient() {
                    override fun shouldOverrideUrlLoading(view: WebView, request: WebResourceRequest): Boolean {
                        try {
                            view.context.startActivity(Intent(Intent.ACTION_VIEW, request.url))
                        } catch (_: ActivityNotFoundException) {
                            // No browser: the link does nothing.
                        }
                        return true
                    }
                }
            }
        },
        update = { it.loadDataWithBaseURL(null, page, "text/html", "utf-8", null) },
    )
}

/** The body in a page that follows the theme; images and tables fit the width. */
private fun articlePage(html: String, text: ComposeColor, link: ComposeColor): String {
    fun css(color: ComposeColor) = "#%06X".format(color.toArgb() and 0xFFFFFF)
    return """<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body{margin:0;color:${css(text)};font-family:sans-serif;line-height:1.5;word-wrap:break-word}
        a{color:${css(link)}}img{max-width:100%;height:auto}table{display:block;overflow-x:auto}</style>
        </head><body>$html</body></html>"""
}
