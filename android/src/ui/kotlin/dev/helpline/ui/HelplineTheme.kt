package dev.helpline.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.ColorScheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Shapes
import androidx.compose.material3.Typography
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider

/**
 * The look of the kit's screens: Material 3, light or dark. An app with its own theme passes
 * it (`HelplineTheme(colorScheme = MaterialTheme.colorScheme, typography = MaterialTheme.typography,
 * shapes = MaterialTheme.shapes)`, or dynamic color on Android 12+); without one, Material's
 * baseline colors. [strings] are the screens' texts, by default the kit's resources in the device's
 * language (`platformStrings`, one per platform).
 */
@Composable
fun HelplineTheme(
    dark: Boolean = isSystemInDarkTheme(),
    colorScheme: ColorScheme = if (dark) darkColorScheme() else lightColorScheme(),
    typography: Typography = MaterialTheme.typography,
    shapes: Shapes = MaterialTheme.shapes,
    strings: Strings = platformStrings(),
    content: @Composable () -> Unit,
) {
    MaterialTheme(colorScheme = colorScheme, shapes = shapes, typography = typography) {
        CompositionLocalProvider(LocalStrings provides strings, content = content)
    }
}
