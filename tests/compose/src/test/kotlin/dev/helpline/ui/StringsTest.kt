package dev.helpline.ui

import java.io.File
import java.util.Locale
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.w3c.dom.Element

/** The kit's resources: every language complete, with the same placeholders, and read as Android would. */
class StringsTest {
    private val res = File(System.getProperty("helpline.res") ?: error("-Dhelpline.res is not set"))

    /** name → placeholders (`%1$s`…) of each string and each plural item, from one strings.xml. */
    private fun entries(language: String?): Map<String, Set<String>> {
        val file = File(res, if (language == null) "values/strings.xml" else "values-$language/strings.xml")
        val root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).documentElement
        val placeholder = Regex("""%\d+\$[sd]""")
        val entries = mutableMapOf<String, Set<String>>()
        val nodes = root.childNodes
        for (i in 0 until nodes.length) {
            val element = nodes.item(i) as? Element ?: continue
            val name = element.getAttribute("name")
            assertTrue("$file: $name is not a helpline_ name", name.startsWith("helpline_"))
            if (element.getAttribute("translatable") == "false") continue
            when (element.tagName) {
                "string" -> entries[name] = placeholder.findAll(element.textContent).map { it.value }.toSet()
                "plurals" -> {
                    val items = element.getElementsByTagName("item")
                    val quantities = (0 until items.length).map { (items.item(it) as Element).getAttribute("quantity") }
                    assertTrue("$file: $name has no 'other'", "other" in quantities)
                    for (j in 0 until items.length) {
                        val item = items.item(j) as Element
                        entries["$name[${item.getAttribute("quantity")}]"] = placeholder.findAll(item.textContent).map { it.value }.toSet()
                    }
                }
            }
        }
        return entries
    }

    @Test
    fun `French has every English text, with the same placeholders`() {
        val english = entries(null)
        val french = entries("fr")
        val pluralNames = { m: Map<String, Set<String>> -> m.keys.map { it.substringBefore('[') }.toSet() }
        assertEquals("the same names", pluralNames(english), pluralNames(french))
        for ((name, placeholders) in french) {
            val base = english[name] ?: english["${name.substringBefore('[')}[other]"]!!
            assertEquals("$name: placeholders", base, placeholders)
        }
    }

    @Test
    fun `texts are read in the user's language, with French plural rules`() {
        val english = Strings(XmlStringTable(Locale.ENGLISH))
        val french = Strings(XmlStringTable(Locale.FRENCH))
        assertEquals("You're offline. 1 message will be sent when you're back.", english.offline(1))
        assertEquals("You're offline. 2 messages will be sent when you're back.", english.offline(2))
        // French counts 0 and 1 as singular, and reads \' as an apostrophe.
        assertEquals("0 non lu", french.unreadCount(0))
        assertEquals("2 non lus", french.unreadCount(2))
        assertEquals("Le chat n'est pas disponible pour le moment.", french.chatUnavailable)
        assertNotEquals(english.send, french.send)
        assertEquals("receipt.txt, uploading… 42%", english.uploading("receipt.txt", 42))
        assertEquals("receipt.txt, envoi… 42\u00a0%", french.uploading("receipt.txt", 42))
        assertEquals("4 décembre", french.day(java.time.LocalDate.of(2026, 12, 4), java.time.LocalDate.of(2026, 12, 20)))
        assertEquals("December 4", english.day(java.time.LocalDate.of(2026, 12, 4), java.time.LocalDate.of(2026, 12, 20)))
    }
}
