// Android-only code (the `android` source set of the Gradle module): not compiled by
// tests/kotlin, which runs on a desktop JVM.

package dev.helpline.sdk

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.util.Log
import dev.helpline.core.LogLevel
import dev.helpline.core.LogRecord
import java.io.File
import java.util.Locale

/**
 * A [HelplineConfig] for this app: the database in `filesDir/helpline`, the device's locale,
 * `android` in the User-Agent, and the app's and Android's versions for the agent (see
 * `HelplineConfig.sendDeviceInfo`).
 */
fun androidConfig(context: Context, baseUrl: String, appId: String, clientId: String): HelplineConfig =
    HelplineConfig(
        baseUrl = baseUrl,
        appId = appId,
        clientId = clientId,
        dataDir = File(context.filesDir, "helpline").path,
        locale = Locale.getDefault().toLanguageTag().lowercase(Locale.ROOT),
        platform = "android",
        appVersion = appVersion(context),
        osVersion = Build.VERSION.RELEASE,
    )

private fun appVersion(context: Context): String? =
    try {
        context.packageManager.getPackageInfo(context.packageName, 0).versionName
    } catch (_: PackageManager.NameNotFoundException) {
        null
    }

/**
 * The SDK's records in Logcat, under the tag `Helpline`:
 * `setLogger(LogcatLogger(), LogLevel.INFO)` (a top-level function of `dev.helpline.sdk`).
 */
class LogcatLogger(private val tag: String = "Helpline") : HelplineLogger {
    override fun log(record: LogRecord) {
        val text = "${record.target}: ${record.message}"
        when (record.level) {
            LogLevel.ERROR -> Log.e(tag, text)
            LogLevel.WARN -> Log.w(tag, text)
            LogLevel.INFO -> Log.i(tag, text)
            LogLevel.DEBUG -> Log.d(tag, text)
            LogLevel.TRACE -> Log.v(tag, text)
        }
    }
}

/**
 * The dependency-free [ReviewHook]: opens the app's page in the Play Store app (or on the web
 * when the Store is missing). Prefer Play's in-app review (`ReviewManager`) where the app
 * already depends on Play Services; see README.
 */
class StoreListingReviewHook(private val activity: Activity) : ReviewHook {
    override suspend fun requestReview(): Boolean {
        val id = activity.packageName
        val store = Intent(Intent.ACTION_VIEW, Uri.parse("market://details?id=$id"))
        val web = Intent(Intent.ACTION_VIEW, Uri.parse("https://play.google.com/store/apps/details?id=$id"))
        return try {
            activity.startActivity(store)
            true
        } catch (_: ActivityNotFoundException) {
            try {
                activity.startActivity(web)
                true
            } catch (_: ActivityNotFoundException) {
                false
            }
        }
    }
}
