@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasScrollAction
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.swipeUp
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isHeading
import androidx.compose.ui.test.isSelected
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import dev.helpline.core.HelpCenterLoad
import dev.helpline.core.HelpCenterSync
import dev.helpline.core.SearchSource
import dev.helpline.sdk.states
import org.junit.Test

/** The help center as a user sees it, against the core and the reference server's demo help center. */
class HelpCenterUiTest : UiTest() {
    @Test
    fun `searching 'password' shows the article, opening it shows its text and a vote shows at once`() {
        val screen = helplineSignedOut("compose-help-center").helpCenterScreen().closedAfter()
        phoneUiTest({ HelplineHelpCenter(screen) }) {
            waitUntil("the help center synced", PATIENCE_MS) {
                screen.state().let { it.cache.sync is HelpCenterSync.Synced && it.categories.isNotEmpty() }
            }
            waitFor(hasText(screen.state().categories.first().category.name) and hasClickAction())
            screenshots("help-center")

            onNode(hasSetTextAction()).performTextInput("password")
            waitFor(hasText(strings.resultsFrom(online = true)))
            val hit = screen.state().search.results!!.also { check(it.source == SearchSource.ONLINE) }
                .hits.first { it.article.title.contains("password", ignoreCase = true) }
            waitFor(hasText(hit.article.title) and hasClickAction())
            screenshots("help-center-search")

            onNode(hasText(hit.article.title) and hasClickAction()).performClick()
            waitUntil("the article loaded", PATIENCE_MS) { screen.state().article?.load == HelpCenterLoad.Ready }
            val body = screen.state().article!!.article!!.bodyHtml!!
            waitFor(isHeading() and hasText(hit.article.title))
            val blocks = htmlBlocks(body)
            waitFor(hasText(blocks.first().text))
            waitFor(isHeading() and hasText(blocks.first { it.heading }.text))
            screenshots("help-center-article")

            onNode(hasText(strings.helpfulYes) and hasClickAction()).performScrollTo().performClick()
            waitFor(hasText(strings.voted))
            waitFor(hasText(strings.helpfulYes) and isSelected())
            repeat(2) { onNode(hasScrollAction()).performTouchInput { swipeUp() } }
            screenshots("help-center-voted")

            onNode(hasContentDescription(strings.back) and hasClickAction()).performClick()
            waitFor(hasSetTextAction() and hasText("password"))
            waitFor(hasText(hit.article.title) and hasClickAction())
        }
    }

    @Test
    fun `tapping a category, then a section lists its articles, and back returns step by step`() {
        val screen = helplineSignedOut("compose-help-center-browse").helpCenterScreen().closedAfter()
        phoneUiTest({ HelplineHelpCenter(screen) }) {
            waitUntil("the help center synced", PATIENCE_MS) {
                screen.state().let { it.cache.sync is HelpCenterSync.Synced && it.categories.isNotEmpty() }
            }
            val entry = screen.state().categories.first { it.sections.isNotEmpty() }
            waitFor(hasText(entry.category.name) and hasClickAction())
            onNode(hasText(entry.category.name) and hasClickAction()).performClick()
            val section = entry.sections.first()
            waitFor(isHeading() and hasText(entry.category.name))
            waitFor(hasText(section.name) and hasClickAction())
            onNode(hasText(section.name) and hasClickAction()).performClick()
            waitUntil("the section's articles listed", PATIENCE_MS) { screen.state().section?.articles?.isNotEmpty() == true }
            val first = screen.state().section!!.articles.first()
            waitFor(isHeading() and hasText(section.name))
            waitFor(hasText(first.title) and hasClickAction())
            screenshots("help-center-section")

            onNode(hasContentDescription(strings.back) and hasClickAction()).performClick()
            waitFor(isHeading() and hasText(entry.category.name))
            onNode(hasContentDescription(strings.back) and hasClickAction()).performClick()
            waitFor(isHeading() and hasText(strings.helpCenter))
            waitUntil("no back arrow on the help center's first page", PATIENCE_MS) {
                onAllNodes(hasContentDescription(strings.back)).fetchSemanticsNodes().isEmpty()
            }
        }
    }
}
