package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.DesktopComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.onRoot
import androidx.compose.ui.unit.Density
import dev.helpline.core.Identity
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.tests.ReferenceServer
import java.io.File
import java.nio.file.Files
import javax.imageio.ImageIO
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.runBlocking
import org.junit.After
import org.junit.AfterClass
import org.junit.BeforeClass
import org.junit.Rule
import org.junit.rules.TemporaryFolder

/** How long a test waits for something that should happen (a guard, not a measurement). */
const val PATIENCE_MS = 20_000L

/**
 * What the UI tests share: one reference server per class, a fresh data directory per test,
 * the SDK objects a test opened (closed after it, newest first), and a phone-sized screen
 * (412 x 915 dp at density 2) whose screenshots go to `-Dhelpline.screenshots`.
 */
@OptIn(ExperimentalTestApi::class)
abstract class UiTest {
    companion object {
        lateinit var server: ReferenceServer

        @BeforeClass
        @JvmStatic
        fun startServer() {
            server = ReferenceServer.start(Files.createTempDirectory("helpline-server"))
        }

        @AfterClass
        @JvmStatic
        fun stopServer() = server.close()
    }

    @get:Rule
    val dir = TemporaryFolder()

    private val opened = mutableListOf<AutoCloseable>()

    @After
    fun closeEverything() = opened.reversed().forEach { it.close() }

    /** Closed after the test. */
    protected fun <T : AutoCloseable> T.closedAfter(): T = also { opened += it }

    /** The SDK of app [appId], nobody signed in yet. */
    protected fun helplineSignedOut(appId: String): Helpline {
        val config = HelplineConfig(baseUrl = server.baseUrl, appId = appId, clientId = "compose-tests", dataDir = dir.newFolder("ana").path)
        return Helpline.open(config).closedAfter()
    }

    /** The SDK of app [appId], signed in as Ana (anonymous). */
    protected fun helplineAsAna(appId: String): Helpline =
        helplineSignedOut(appId).also { runBlocking { it.setIdentity(Identity.Anonymous(name = "Ana", email = null)) } }

    /** The screens' theme: light, or dark while [screenshots] takes the dark one. */
    private var dark by mutableStateOf(false)

    /**
     * Runs [test] on a phone-sized screen showing [content] in [HelplineTheme]. Compose's
     * `createComposeRule()` has a fixed 1024 x 768 window at density 1, too short for a phone.
     */
    protected fun phoneUiTest(content: @Composable () -> Unit, test: DesktopComposeUiTest.() -> Unit) {
        val ui = DesktopComposeUiTest(width = 824, height = 1830, effectContext = EmptyCoroutineContext, density = Density(2f))
        ui.runTest {
            ui.setContent { HelplineTheme(dark = dark) { content() } }
            ui.test()
        }
    }

    /** Saves `<name>-light.png` and `<name>-dark.png` of the screen, then goes back to light. */
    protected fun ComposeUiTest.screenshots(name: String) {
        val dir = File(System.getProperty("helpline.screenshots") ?: error("-Dhelpline.screenshots is not set"))
        dir.mkdirs()
        for (theme in listOf(false, true)) {
            dark = theme
            waitForIdle()
            val file = File(dir, "$name-${if (theme) "dark" else "light"}.png")
            check(ImageIO.write(onRoot().captureToImage().toAwtImage(), "png", file)) { "no PNG writer" }
        }
        dark = false
        waitForIdle()
    }

    /** Waits until a node matching [matcher] shows. */
    protected fun ComposeUiTest.waitFor(matcher: SemanticsMatcher) = waitUntil("${matcher.description} shows", PATIENCE_MS) {
        onAllNodes(matcher).fetchSemanticsNodes().isNotEmpty()
    }
}
