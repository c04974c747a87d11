package dev.helpline.ui

import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.runtime.staticCompositionLocalOf

/**
 * Draws an article's body, sanitized HTML from the core. The kit's default shows it as plain
 * text (works on the desktop); the Android module provides a WebView one through
 * [LocalArticleBodyView] (links, images and tables kept).
 */
typealias ArticleBodyView = @Composable (html: String) -> Unit

/** The [ArticleBodyView] of the screens below: plain text unless the app provides another. */
val LocalArticleBodyView = staticCompositionLocalOf<ArticleBodyView> { { html -> PlainTextArticleBody(html) } }

/** The body as text: paragraphs and list items on their own lines, tags dropped. */
@Composable
fun PlainTextArticleBody(html: String) {
    val text = remember(html) { htmlToPlainText(html) }
    SelectionContainer { Text(text, style = MaterialTheme.typography.bodyLarge) }
}

private val lineBreaks = Regex("(?i)<br\\s*/?>|</(p|div|h[1-6]|li|tr|blockquote|pre)>")
private val listItem = Regex("(?i)<li[^>]*>")
private val tag = Regex("<[^>]*>")
private val blankLines = Regex("\n[ \t]*(\n[ \t]*)+")
private val entities = mapOf("&nbsp;" to " ", "&lt;" to "<", "&gt;" to ">", "&quot;" to "\"", "&#39;" to "'", "&apos;" to "'")

/** Sanitized HTML (or a search snippet with `<em>`) as readable text. */
internal fun htmlToPlainText(html: String): String {
    var text = html.replace(lineBreaks, "\n").replace(listItem, "• ").replace(tag, "")
    entities.forEach { (entity, char) -> text = text.replace(entity, char) }
    text = text.replace(Regex("&#(\\d{1,6});")) { m -> m.groupValues[1].toIntOrNull()?.let { String(Character.toChars(it.coerceAtMost(0x10FFFF))) } ?: "" }
    return text.replace("&amp;", "&").replace(blankLines, "\n\n").trim()
}
