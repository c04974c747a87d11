package dev.helpline.sdk

/**
 * Asks the platform for an in-app store review, when the SDK's rating rules say it is a good
 * moment. The SDK has no Google Play dependency: the app implements this with Play's
 * `ReviewManager` (see README, "Android (Gradle)"), or uses `StoreListingReviewHook`, which
 * opens the app's store page.
 *
 * Called on the main thread. Return whether a review flow was shown (Play never tells whether
 * the user actually rated).
 */
fun interface ReviewHook {
    suspend fun requestReview(): Boolean
}
