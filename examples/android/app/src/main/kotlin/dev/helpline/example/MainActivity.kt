package dev.helpline.example

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineEvent
import dev.helpline.sdk.events
import dev.helpline.ui.showSupport
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** The label the smoke test taps. */
const val SUPPORT_BUTTON = "Help and support"

/** The app's screen: the unread replies (the headless API) and the button that opens support. */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val helpline = (application as ExampleApp).helpline
        setContent {
            MaterialTheme {
                Surface(Modifier.fillMaxSize()) {
                    Column(Modifier.safeDrawingPadding().padding(24.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
                        UnreadReplies(helpline)
                        // The UI kit: every support screen in its own Activity.
                        Button(onClick = { helpline.showSupport(this@MainActivity) }) { Text(SUPPORT_BUTTON) }
                    }
                }
            }
        }
    }
}

/** The count of unread agent replies, kept current by the SDK's events (a Snapshot first). */
@Composable
private fun UnreadReplies(helpline: Helpline) {
    val unread by produceState(0, helpline) {
        helpline.events().collect { event ->
            when (event) {
                is HelplineEvent.Snapshot -> value = event.unreadCount
                is HelplineEvent.TicketsChanged, is HelplineEvent.TicketChanged ->
                    value = withContext(Dispatchers.IO) { helpline.tickets().use { it.unreadCount() } }
                else -> {}
            }
        }
    }
    Text(if (unread == 0) "No unread replies" else "Unread replies: $unread", style = MaterialTheme.typography.titleMedium)
}
