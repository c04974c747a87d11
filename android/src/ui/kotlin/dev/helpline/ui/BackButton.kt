package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.staticCompositionLocalOf

/**
 * The platform's back button or gesture, taken by a screen while it has something of its own to
 * close ([enabled]): the help center's article, section or search before leaving it. Android's
 * is activity-compose's BackHandler ([HelplineAndroidPieces] provides it); the desktop has none.
 */
typealias BackButton = @Composable (enabled: Boolean, onBack: () -> Unit) -> Unit

/** The [BackButton] of the screens below. */
val LocalBackButton = staticCompositionLocalOf<BackButton> { { _, _ -> } }
