package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import dev.helpline.core.TicketListState
import dev.helpline.sdk.TicketListScreen
import dev.helpline.sdk.states

/**
 * The user's requests, newest activity first, as a screen to put in the app's navigation: each
 * row opens its ticket through [onOpen]; the refresh button asks the helpdesk again.
 */
@Composable
fun HelplineTicketList(screen: TicketListScreen, onOpen: (ticketId: String) -> Unit, modifier: Modifier = Modifier) {
    val state by remember(screen) { screen.states() }.collectAsState(remember(screen) { screen.state() })
    val actions = rememberActions()
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        TicketListContent(state, onOpen, onRefresh = { actions.post { screen.refresh() } })
    }
}

/** What [HelplineTicketList] shows for [state]. */
@Composable
internal fun TicketListContent(state: TicketListState, onOpen: (String) -> Unit, onRefresh: () -> Unit) {
    val strings = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        Row(Modifier.fillMaxWidth().padding(start = 16.dp, end = 4.dp), verticalAlignment = Alignment.CenterVertically) {
            Text(strings.tickets, style = MaterialTheme.typography.titleLarge, modifier = Modifier.weight(1f).semantics { heading() })
            RefreshButton(state.refreshing, onRefresh)
        }
        RefreshStatus(state.refreshing, failed = state.refreshError != null)
        Box(Modifier.weight(1f).fillMaxWidth()) {
            when {
                !state.loaded -> CircularProgressIndicator(Modifier.align(Alignment.Center))
                state.tickets.isEmpty() -> Text(
                    strings.noTickets,
                    style = MaterialTheme.typography.bodyLarge,
                    color = MaterialTheme.colorScheme.onSurfaceVariant,
                    textAlign = TextAlign.Center,
                    modifier = Modifier.align(Alignment.Center).padding(24.dp),
                )
                else -> LazyColumn(Modifier.fillMaxSize()) {
                    items(state.tickets, key = { it.ticket.id }) { item ->
                        TicketRow(item.ticket, item.preview, item.delivery, onOpen)
                        HorizontalDivider()
                    }
                }
            }
        }
    }
}
