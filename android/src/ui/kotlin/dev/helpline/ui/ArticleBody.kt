package dev.helpline.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.withStyle
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp

/**
 * Draws an article's body, sanitized HTML from the core. The kit's default shows it as plain
 * text (works on the desktop); the Android module provides a WebView one through
 * [LocalArticleBodyView] (links, images and tables kept).
 */
typealias ArticleBodyView = @Composable (html: String) -> Unit

/** The [ArticleBodyView] of the screens below: plain text unless the app provides another. */
val LocalArticleBodyView = staticCompositionLocalOf<ArticleBodyView> { { html -> PlainTextArticleBody(html) } }

/** The body as text: its headings as headings, its paragraphs and list items each a block. */
@Composable
fun PlainTextArticleBody(html: String) {
    val blocks = remember(html) { htmlBlocks(html) }
    SelectionContainer {
        Column {
            blocks.forEachIndexed { index, block ->
                val top = when {
                    index == 0 -> 0.dp
                    block.heading -> 20.dp
                    block.item && blocks[index - 1].item -> 4.dp
                    else -> 12.dp
                }
                val modifier = Modifier.padding(top = top)
                when {
                    block.heading -> Text(block.text, style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.SemiBold, modifier = modifier.semantics { heading() })
                    block.item -> Row(modifier.padding(start = 8.dp)) {
                        Text("•", style = MaterialTheme.typography.bodyLarge, modifier = Modifier.width(20.dp))
                        Text(block.text, style = MaterialTheme.typography.bodyLarge)
                    }
                    else -> Text(block.text, style = MaterialTheme.typography.bodyLarge, modifier = modifier)
                }
            }
        }
    }
}

/** A paragraph, a heading or a list item of an article's body, as text. */
internal data class BodyBlock(val text: String, val heading: Boolean = false, val item: Boolean = false)

private const val BREAK = '\u0001'
private const val HEADING = '\u0002'
private const val ITEM = '\u0003'
private val headingStart = Regex("(?i)<h[1-6][^>]*>")
private val itemStart = Regex("(?i)<li[^>]*>")
private val blockEdge = Regex("(?i)<br\\s*/?>|</?(p|div|h[1-6]|li|ul|ol|tr|table|blockquote|pre)(\\s[^>]*)?>")
private val tag = Regex("<[^>]*>")
private val spaces = Regex("\\s+")
private val numeric = Regex("&#(\\d{1,7});")
private val entities = mapOf("&nbsp;" to " ", "&lt;" to "<", "&gt;" to ">", "&quot;" to "\"", "&#39;" to "'", "&apos;" to "'")

/** Sanitized HTML as blocks of text, in order; empty blocks dropped. */
internal fun htmlBlocks(html: String): List<BodyBlock> {
    val marked = html.replace(headingStart, "$BREAK$HEADING").replace(itemStart, "$BREAK$ITEM").replace(blockEdge, "$BREAK")
    return marked.split(BREAK).mapNotNull { raw ->
        val text = decode(raw.replace(tag, "").replace(HEADING, ' ').replace(ITEM, ' ')).replace(spaces, " ").trim()
        if (text.isEmpty()) null else BodyBlock(text, heading = raw.startsWith(HEADING), item = raw.startsWith(ITEM))
    }
}

private val emphasis = Regex("(?is)<em>(.*?)</em>")

/** A search snippet (escaped text with `<em>` around the matched words) with those words in bold. */
internal fun snippetText(html: String): AnnotatedString = buildAnnotatedString {
    var at = 0
    val text = html.replace(spaces, " ").trim()
    for (match in emphasis.findAll(text)) {
        append(unescaped(text.substring(at, match.range.first)))
        withStyle(SpanStyle(fontWeight = FontWeight.Bold)) { append(unescaped(match.groupValues[1])) }
        at = match.range.last + 1
    }
    append(unescaped(text.substring(at)))
}

private fun unescaped(html: String): String = decode(html.replace(tag, ""))

private fun decode(text: String): String {
    var decoded = text
    entities.forEach { (entity, char) -> decoded = decoded.replace(entity, char) }
    decoded = decoded.replace(numeric) { m ->
        m.groupValues[1].toIntOrNull()?.takeIf { Character.isValidCodePoint(it) }?.let { String(Character.toChars(it)) } ?: ""
    }
    return decoded.replace("&amp;", "&")
}
