package dev.helpline.ui

import androidx.activity.compose.BackHandler
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import dev.helpline.sdk.Helpline

/**
 * The kit's Android pieces for the screens in [content]: article bodies in a WebView, the
 * photo picker and system file picker for attachments (files imported through [helpline]), and
 * the back button for what a screen has open.
 * [HelplineSupport] in the kit's Activity has them; an app embedding single screens wraps them
 * in this.
 */
@Composable
fun HelplineAndroidPieces(helpline: Helpline, content: @Composable () -> Unit) {
    CompositionLocalProvider(
        LocalArticleBodyView provides { html -> WebViewArticleBody(html) },
        LocalAttachmentPicker provides rememberAndroidAttachmentPicker(helpline),
        LocalBackButton provides { enabled, onBack -> BackHandler(enabled, onBack) },
        content = content,
    )
}
