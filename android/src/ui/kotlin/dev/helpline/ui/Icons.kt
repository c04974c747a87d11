package dev.helpline.ui

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.SolidColor
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.graphics.vector.addPathNodes
import androidx.compose.ui.unit.dp

/** The kit's few icons, drawn here (Material's paths) rather than pulling in the icons library. */
internal object HelplineIcons {
    /** A paper plane pointing to the end of the line (mirrored right to left). */
    val Send: ImageVector = icon("Send", "M2.01,21L23,12 2.01,3 2,10l15,2 -15,2z")

    /** A circular arrow. */
    val Retry: ImageVector = icon(
        "Retry",
        "M17.65,6.35C16.2,4.9 14.21,4 12,4c-4.42,0 -7.99,3.58 -7.99,8s3.57,8 7.99,8c3.73,0 6.84,-2.55 " +
            "7.73,-6h-2.08c-0.82,2.33 -3.04,4 -5.65,4 -3.31,0 -6,-2.69 -6,-6s2.69,-6 6,-6c1.66,0 3.14,0.69 " +
            "4.22,1.78L13,11h7V4l-2.35,2.35z",
    )

    /** An arrow to the start of the line (mirrored right to left). */
    val Back: ImageVector = icon("Back", "M20,11H7.83l5.59,-5.59L12,4l-8,8 8,8 1.41,-1.41L7.83,13H20v-2z")

    private fun icon(name: String, path: String): ImageVector =
        ImageVector.Builder(name, 24.dp, 24.dp, 24f, 24f, autoMirror = true)
            .addPath(addPathNodes(path), fill = SolidColor(Color.Black))
            .build()
}
