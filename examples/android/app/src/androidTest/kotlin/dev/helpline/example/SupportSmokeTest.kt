package dev.helpline.example

import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onAllNodesWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The release's smoke test on an emulator: the app starts (the native library loads, Helpline
 * opens), and its button opens the kit's support screen. No helpdesk is reachable: the support
 * home shows offline.
 */
@RunWith(AndroidJUnit4::class)
class SupportSmokeTest {
    @get:Rule
    val compose = createAndroidComposeRule<MainActivity>()

    @Test
    fun theButtonOpensTheSupportHome() {
        compose.onNodeWithText(SUPPORT_BUTTON).performClick()
        // The home's refresh button, in the device's language: it is there in every state.
        val refresh = compose.activity.getString(dev.helpline.ui.R.string.helpline_refresh)
        compose.waitUntil(timeoutMillis = 15_000) {
            compose.onAllNodesWithContentDescription(refresh).fetchSemanticsNodes().isNotEmpty()
        }
    }
}
