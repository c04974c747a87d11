// Android-only code (the `android` source set of the Gradle module): not compiled by
// tests/kotlin, which runs on a desktop JVM.

package dev.helpline.sdk

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import java.io.File
import java.util.Locale

/**
 * A [HelplineConfig] for this app: the database in `filesDir/helpline`, the device's locale,
 * and `android` in the User-Agent.
 */
fun androidConfig(context: Context, baseUrl: String, appId: String, clientId: String): HelplineConfig =
    HelplineConfig(
        baseUrl = baseUrl,
        appId = appId,
        clientId = clientId,
        dataDir = File(context.filesDir, "helpline").path,
        locale = Locale.getDefault().toLanguageTag().lowercase(Locale.ROOT),
        platform = "android",
    )

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
