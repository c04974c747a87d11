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
import android.provider.OpenableColumns
import android.util.Log
import dev.helpline.core.LogLevel
import dev.helpline.core.LogRecord
import java.io.ByteArrayOutputStream
import java.io.File
import java.util.Locale
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

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

/**
 * Keeps the file behind [uri] (from the photo picker or the system file picker) in the SDK's
 * data dir and returns its path, for `addAttachment` and `sendFile`. Read off the main thread,
 * at most one byte past the helpdesk's limit (the SDK then refuses it as too large).
 */
suspend fun Helpline.importFile(context: Context, uri: Uri): String {
    val limit = settings().support.attachments.maxAttachmentSize.toLong()
    val (name, bytes) = withContext(Dispatchers.IO) {
        val resolver = context.contentResolver
        val name = resolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use { cursor ->
            if (cursor.moveToFirst()) cursor.getString(0) else null
        } ?: uri.lastPathSegment ?: "file"
        val out = ByteArrayOutputStream()
        resolver.openInputStream(uri)?.use { input ->
            val buffer = ByteArray(64 * 1024)
            while (out.size() <= limit) {
                val read = input.read(buffer)
                if (read < 0) break
                out.write(buffer, 0, read)
            }
        }
        name to out.toByteArray()
    }
    return importFile(name, bytes)
}
