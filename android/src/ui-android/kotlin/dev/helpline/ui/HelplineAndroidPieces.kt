package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import dev.helpline.sdk.Helpline

/**
 * The kit's Android pieces for the screens in [content]: article bodies in a WebView, and the
 * photo picker and system file picker for attachments (files imported through [helpline]).
 * [HelplineSupport] in the kit's Activity has them; an app embedding single screens wraps them
 * in this.
 */
@Composable
fun HelplineAndroidPieces(helpline: Helpline, content: @Composable () -> Unit) {
    CompositionLocalProvider(
        LocalArticleBodyView provides { html -> WebViewArticleBody(html) },
        LocalAttachmentPicker provides rememberAndroidAttachmentPicker(helpline),
        content = content,
    )
}
