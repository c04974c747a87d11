package dev.helpline.ui

import android.net.Uri
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalContext
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.importFile
import kotlinx.coroutines.CompletableDeferred

/**
 * The photo picker (no permission needed; Android's backport below 13) and the system file
 * picker. The picked file is read off the main thread and imported into the SDK's data dir.
 * A pick made while the Activity is recreated (rotation, process death) is dropped: the user
 * picks again.
 */
@Composable
fun rememberAndroidAttachmentPicker(helpline: Helpline): AttachmentPicker {
    val context = LocalContext.current
    val waiting = remember { arrayOfNulls<CompletableDeferred<Uri?>>(1) }
    val media = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { waiting[0]?.complete(it) }
    val file = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { waiting[0]?.complete(it) }
    return remember(helpline, context) {
        object : AttachmentPicker {
            override suspend fun pickMedia(): String? =
                pick { media.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageAndVideo)) }

            override suspend fun pickFile(): String? = pick { file.launch(arrayOf("*/*")) }

            private suspend fun pick(launch: () -> Unit): String? {
                val result = CompletableDeferred<Uri?>()
                waiting[0]?.cancel()
                waiting[0] = result
                launch()
                val uri = result.await() ?: return null
                // Throws when the file cannot be read: the attach button says so.
                return helpline.importFile(context, uri)
            }
        }
    }
}
