package dev.helpline.ui

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.LocalMinimumInteractiveComponentSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.platform.LocalLayoutDirection
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.LifecycleRegistry
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.compose.ui.platform.LocalViewConfiguration
import androidx.compose.ui.platform.ViewConfiguration
import androidx.compose.ui.unit.DpSize
import androidx.compose.ui.unit.LayoutDirection
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.DesktopComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.unit.dp
import org.junit.Assert.assertTrue
import androidx.compose.ui.unit.Density
import dev.helpline.core.Identity
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.tests.ReferenceServer
import java.awt.image.BufferedImage
import java.io.File
import java.nio.file.Files
import java.util.Locale
import javax.imageio.ImageIO
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.runBlocking
import org.junit.After
import org.junit.AfterClass
import org.junit.BeforeClass
import org.junit.Rule
import org.junit.rules.TemporaryFolder

/** A phone's screen in pixels: 412 x 915 dp at density 2. */
private const val SCREEN_WIDTH = 824
private const val SCREEN_HEIGHT = 1830

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

    /** The SDK of app [appId] talking to [baseUrl] (the server, or a [Relay] before it), nobody signed in yet. */
    protected fun helplineSignedOut(appId: String, baseUrl: String = server.baseUrl): Helpline {
        val config = HelplineConfig(baseUrl = baseUrl, appId = appId, clientId = "compose-tests", dataDir = dir.newFolder("ana").path)
        return Helpline.open(config).closedAfter()
    }

    /** The SDK of app [appId], signed in as Ana (anonymous). */
    protected fun helplineAsAna(appId: String, baseUrl: String = server.baseUrl): Helpline =
        helplineSignedOut(appId, baseUrl).also { runBlocking { it.setIdentity(Identity.Anonymous(name = "Ana", email = null)) } }

    /** The texts the tests look for: the kit's English resources. */
    protected val strings = Strings(XmlStringTable(Locale.ENGLISH))

    /** How the screens are shown: as a user in English with the light theme, unless [screenshots] is taking another look. */
    private var look by mutableStateOf(Look.Light)

    /**
     * Runs [test] on a phone-sized screen showing [content] in [HelplineTheme]. Compose's
     * `createComposeRule()` has a fixed 1024 x 768 window at density 1, too short for a phone.
     */
    protected fun phoneUiTest(content: @Composable () -> Unit, test: DesktopComposeUiTest.() -> Unit) {
        val ui = DesktopComposeUiTest(width = SCREEN_WIDTH, height = SCREEN_HEIGHT, effectContext = EmptyCoroutineContext, density = Density(2f))
        ui.runTest {
            ui.setContent { ShownAs(look, content) }
            ui.test()
        }
    }

    /**
     * Saves `<name>-<look>.png` of the screen in every [Look], then goes back to light English.
     * In each look, every control on screen must be at least 48 x 48 dp, Android's touch target.
     */
    protected fun ComposeUiTest.screenshots(name: String) {
        val dir = File(System.getProperty("helpline.screenshots") ?: error("-Dhelpline.screenshots is not set"))
        dir.mkdirs()
        for (each in Look.entries) {
            look = each
            waitForIdle()
            val file = File(dir, "$name-${each.fileSuffix}.png")
            check(ImageIO.write(captureScreen(), "png", file)) { "no PNG writer" }
            checkTouchTargets("$name-${each.fileSuffix}")
        }
        look = Look.Light
        waitForIdle()
    }

    /**
     * The whole screen as a user sees it: the content, and over it any dialog or menu (each its
     * own root here) above a scrim, as Android draws them.
     */
    private fun ComposeUiTest.captureScreen(): BufferedImage {
        val roots = onAllNodes(isRoot())
        val nodes = roots.fetchSemanticsNodes()
        val screen = BufferedImage(SCREEN_WIDTH, SCREEN_HEIGHT, BufferedImage.TYPE_INT_ARGB)
        val canvas = screen.createGraphics()
        nodes.forEachIndexed { index, node ->
            val bounds = node.boundsInWindow
            if (bounds.width < 1f || bounds.height < 1f) return@forEachIndexed
            if (index > 0) {
                canvas.color = java.awt.Color(0, 0, 0, 82)
                canvas.fillRect(0, 0, screen.width, screen.height)
            }
            canvas.drawImage(roots[index].captureToImage().toAwtImage(), bounds.left.toInt(), bounds.top.toInt(), null)
        }
        canvas.dispose()
        return screen
    }

    private fun ComposeUiTest.checkTouchTargets(shot: String) {
        val smallest = with(Density(2f)) { 48.dp.toPx() } - 0.5f
        // Where a tap lands: the control, or the larger area Material pads it to (touchBounds).
        fun SemanticsNode.touchWidth() = maxOf(size.width.toFloat(), touchBoundsInRoot.width)
        fun SemanticsNode.touchHeight() = maxOf(size.height.toFloat(), touchBoundsInRoot.height)
        // Controls wholly on screen (one cut by a scroll's edge is scrolled to before a tap).
        fun SemanticsNode.wholly() = boundsInRoot.width >= size.width - 1 && boundsInRoot.height >= size.height - 1
        val small = onAllNodes(hasClickAction()).fetchSemanticsNodes()
            .filter { it.wholly() && (it.touchWidth() < smallest || it.touchHeight() < smallest) }
        val names = small.map { node ->
            val text = node.config.getOrNull(SemanticsProperties.Text)?.joinToString { it.text }
            val description = node.config.getOrNull(SemanticsProperties.ContentDescription)?.joinToString()
            "${text ?: description ?: "?"} (${node.touchWidth() / 2} x ${node.touchHeight() / 2} dp)"
        }
        assertTrue("$shot: controls under 48 x 48 dp: $names", small.isEmpty())
    }

    /** Waits until a node matching [matcher] shows. */
    protected fun ComposeUiTest.waitFor(matcher: SemanticsMatcher) = waitUntil("${matcher.description} shows", PATIENCE_MS) {
        onAllNodes(matcher).fetchSemanticsNodes().isNotEmpty()
    }
}

/** One way a user may see the screens; each screenshot is taken in all of them. */
enum class Look(val fileSuffix: String, val dark: Boolean = false, val locale: Locale = Locale.ENGLISH, val fontScale: Float = 1f, val rtl: Boolean = false) {
    Light("light"),
    Dark("dark", dark = true),
    French("fr", locale = Locale.FRENCH),
    /** Android's largest font size setting (200 %). */
    LargestFont("font200", fontScale = 2f),
    /** A right-to-left layout, as Arabic or Hebrew lay it out (with the English texts). */
    RightToLeft("rtl", rtl = true),
}

/** [content] in [HelplineTheme] as [look] shows it. */
@Composable
private fun ShownAs(look: Look, content: @Composable () -> Unit) {
    val strings = remember(look.locale) { Strings(XmlStringTable(look.locale)) }
    val density = LocalDensity.current
    val desktop = LocalViewConfiguration.current
    val phone = remember(desktop) { PhoneViewConfiguration(desktop) }
    CompositionLocalProvider(
        LocalLifecycleOwner provides ForegroundApp,
        LocalViewConfiguration provides phone,
        LocalDensity provides Density(density.density, look.fontScale),
        LocalLayoutDirection provides if (look.rtl) LayoutDirection.Rtl else LayoutDirection.Ltr,
        // A phone's touch target: Material pads its controls to it on Android, not on a desktop.
        LocalMinimumInteractiveComponentSize provides 48.dp,
    ) {
        HelplineTheme(dark = look.dark, strings = strings) {
            // The app's window behind the screens (and behind a dialog shown alone).
            Surface(Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) { content() }
        }
    }
}

/** The desktop's view configuration with a phone's touch targets (Android pads taps to 48 dp). */
private class PhoneViewConfiguration(desktop: ViewConfiguration) : ViewConfiguration by desktop {
    override val minimumTouchTargetSize: DpSize get() = DpSize(48.dp, 48.dp)
}

/** The app in the foreground (resumed), as an Activity showing the screens is. */
object ForegroundApp : LifecycleOwner {
    override val lifecycle: LifecycleRegistry = LifecycleRegistry.createUnsafe(this).apply { currentState = Lifecycle.State.RESUMED }
}
