package dev.helpline.ui

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.BackHandler
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalContext
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.flushWhenOnline

/**
 * Shows all of support ([HelplineSupport]) in an Activity of the kit, edge to edge, with the
 * device's dynamic colors on Android 12+. Opened by [showSupport]; the back button walks back
 * through support, then closes it. While shown, what waits in the outbox goes as soon as the
 * device is online again.
 */
class HelplineSupportActivity : ComponentActivity() {
    private var watch: AutoCloseable? = null

    override fun onStart() {
        super.onStart()
        watch = helpline?.flushWhenOnline(this)
    }

    override fun onStop() {
        watch?.close()
        watch = null
        super.onStop()
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        // After process death Android brings this Activity back with no Helpline handed over,
        // unless the app sets `helpline` in Application.onCreate (see README): then the screen
        // comes back where it was, drafts included. Otherwise there is nothing to show.
        val shown = helpline ?: return finish()
        setContent {
            theme {
                HelplineAndroidPieces(shown) {
                    val navigation = rememberSupportNavigation()
                    BackHandler(enabled = navigation.canGoBack) { navigation.back() }
                    HelplineSupport(shown, navigation = navigation, onClose = ::finish)
                }
            }
        }
    }

    companion object {
        /** The Helpline the screens use: set by [showSupport]. The app owns it and closes it. */
        @Volatile
        var helpline: Helpline? = null

        /**
         * How support is themed: by default [HelplineTheme] with the device's dynamic colors
         * (Android 12+), light or dark. An app gives its own, e.g.
         * `{ content -> AppTheme { HelplineTheme(colorScheme = MaterialTheme.colorScheme, content = content) } }`.
         */
        @Volatile
        var theme: @Composable (content: @Composable () -> Unit) -> Unit = { content -> DeviceTheme(content) }
    }
}

/** [HelplineTheme] in the device's dynamic colors on Android 12+, Material's baseline before. */
@Composable
private fun DeviceTheme(content: @Composable () -> Unit) {
    val dark = isSystemInDarkTheme()
    val context = LocalContext.current
    val colors = when {
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.S -> if (dark) dynamicDarkColorScheme(context) else dynamicLightColorScheme(context)
        dark -> darkColorScheme()
        else -> lightColorScheme()
    }
    HelplineTheme(dark = dark, colorScheme = colors, content = content)
}

/**
 * Opens all of support in the kit's Activity: the home, help center, contact form, requests and
 * chat, as the helpdesk's settings allow. The one call an app needs.
 */
fun Helpline.showSupport(context: Context) {
    HelplineSupportActivity.helpline = this
    val intent = Intent(context, HelplineSupportActivity::class.java)
    if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
    context.startActivity(intent)
}
