package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import com.ibm.icu.text.PluralRules
import java.util.Locale
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/** The desktop stand-in for Android's resources: the kit's texts in the JVM's default language. */
@Composable
fun platformStrings(): Strings = remember { Strings(XmlStringTable(Locale.getDefault())) }

/**
 * The kit's `res/values/strings.xml` (and `values-fr/`…) read from the classpath as Android would resolve them: the
 * language's file over the default one, plural categories by CLDR's rules (ICU), Android's
 * escapes undone. Lets the desktop tests show exactly the texts a phone would.
 */
class XmlStringTable(override val locale: Locale) : StringTable {
    private val texts = HashMap<String, String>()
    private val plurals = HashMap<String, Map<String, String>>()
    private val rules = PluralRules.forLocale(locale)

    init {
        load("values/strings.xml")
        if (locale.language != "en") load("values-${locale.language}/strings.xml")
    }

    override fun text(name: String, vararg args: Any): String =
        (texts[name] ?: error("no string $name")).format(locale, *args)

    override fun plural(name: String, count: Int, vararg args: Any): String {
        val items = plurals[name] ?: error("no plurals $name")
        val item = items[rules.select(count.toDouble())] ?: items["other"] ?: error("no 'other' in plurals $name")
        return item.format(locale, *args)
    }

    private fun load(path: String) {
        val stream = javaClass.classLoader.getResourceAsStream(path) ?: return
        val root = stream.use { DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(it) }.documentElement
        for (element in root.children()) {
            val name = element.getAttribute("name")
            when (element.tagName) {
                "string" -> texts[name] = unescape(element.textContent)
                "plurals" -> plurals[name] = element.children().associate { it.getAttribute("quantity") to unescape(it.textContent) }
            }
        }
    }

    private fun Element.children(): List<Element> =
        (0 until childNodes.length).map { childNodes.item(it) }.filterIsInstance<Element>()

    /** Android's resource escapes: `\'`, `\"`, `\n`, `\t`, `\@`, `\?`, `\\`. */
    private fun unescape(raw: String): String = buildString {
        var i = 0
        val text = raw.trim()
        while (i < text.length) {
            val c = text[i]
            if (c == '\\' && i + 1 < text.length) {
                append(when (val next = text[i + 1]) { 'n' -> '\n'; 't' -> '\t'; else -> next })
                i += 2
            } else {
                append(c)
                i++
            }
        }
    }
}
