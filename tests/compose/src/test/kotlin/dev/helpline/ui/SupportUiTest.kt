@file:OptIn(ExperimentalTestApi::class)

package dev.helpline.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isHeading
import androidx.compose.ui.test.onFirst
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import org.junit.Assert.assertEquals
import org.junit.Test

/** All of support from one call, as a user goes through it. */
class SupportUiTest : UiTest() {
    @Test
    fun `from the support home I search the help center, read an article, go back, open the contact form, then the chat twice`() {
        val helpline = helplineAsAna("compose-support")
        phoneUiTest({ HelplineSupport(helpline, onClose = {}) }) {
            val helpCenter = hasText(strings.helpCenter) and hasClickAction()
            waitFor(helpCenter)
            waitFor(hasText(strings.contactUs) and hasClickAction())
            screenshots("support-home")

            onNode(helpCenter).performClick()
            waitFor(hasSetTextAction() and hasText(strings.searchHint))
            onNode(hasSetTextAction()).performTextInput("password")
            waitFor(hasText(strings.resultsFrom(online = true)))
            // The reference helpdesk's demo article.
            val title = "Resetting your password"
            val hit = hasClickAction() and hasText(title)
            waitFor(hit)
            onAllNodes(hit).onFirst().performClick()
            waitFor(isHeading() and hasText(title))
            waitFor(hasText(strings.helpfulQuestion))
            screenshots("support-article")

            // One back arrow: it closes the article, then the search, then leaves for the home.
            val back = hasContentDescription(strings.back) and hasClickAction()
            assertEquals(1, onAllNodes(back).fetchSemanticsNodes().size)
            onNode(back).performClick()
            waitFor(hit)
            onNode(back).performClick()
            waitFor(hasSetTextAction() and hasText(strings.searchHint))
            onNode(back).performClick()
            waitFor(hasText(strings.contactUs) and hasClickAction())
            onNode(hasText(strings.contactUs) and hasClickAction()).performClick()
            waitFor(hasSetTextAction() and hasText(strings.required(strings.description)))
            onNode(back).performClick()

            // The chat, and back: its screen object closes as it leaves, and nothing calls it after.
            onNode(hasText(strings.chat) and hasClickAction()).performClick()
            waitFor(hasText("Hi! How can we help?"))
            onNode(back).performClick()
            waitFor(hasText(strings.helpCenter) and hasClickAction())
            onNode(hasText(strings.chat) and hasClickAction()).performClick()
            waitFor(hasText("Hi! How can we help?"))
        }
    }
}
