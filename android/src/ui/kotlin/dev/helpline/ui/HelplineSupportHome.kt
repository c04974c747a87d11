package dev.helpline.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Badge
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
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import dev.helpline.core.HomeEntry
import dev.helpline.core.SupportHomeState
import dev.helpline.sdk.SupportHome
import dev.helpline.sdk.states

/**
 * The support home, as a screen to put in the app's navigation: the ways to get help the
 * helpdesk's settings offer (help center, contact, requests, chat), its promoted articles, the
 * open requests with their unread badges and the chat's unread count. An entry that needs the
 * user signed in shows so; one switched off is not shown.
 */
@Composable
fun HelplineSupportHome(
    home: SupportHome,
    onHelpCenter: () -> Unit,
    onContact: () -> Unit,
    onTickets: () -> Unit,
    onChat: () -> Unit,
    modifier: Modifier = Modifier,
    onArticle: (articleId: Long) -> Unit = { onHelpCenter() },
    onTicket: (ticketId: String) -> Unit = { onTickets() },
) {
    val state by remember(home) { home.states() }.collectAsState(remember(home) { home.state() })
    val actions = rememberActions()
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        SupportHomeContent(
            state,
            HomeNavigation(onHelpCenter, onContact, onTickets, onChat, onArticle, onTicket),
            onRefresh = { actions.post { home.refresh() } },
        )
    }
}

/** Where the home's entries lead: the app's navigation. */
internal class HomeNavigation(
    val helpCenter: () -> Unit,
    val contact: () -> Unit,
    val tickets: () -> Unit,
    val chat: () -> Unit,
    val article: (Long) -> Unit,
    val ticket: (String) -> Unit,
)

/** What [HelplineSupportHome] shows for [state]. */
@Composable
internal fun SupportHomeContent(state: SupportHomeState, go: HomeNavigation, onRefresh: () -> Unit) {
    val strings = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        Row(Modifier.fillMaxWidth().padding(start = 16.dp, end = 4.dp, top = 4.dp), verticalAlignment = Alignment.CenterVertically) {
            Text(
                state.greeting ?: strings.homeTitle,
                style = MaterialTheme.typography.titleLarge,
                modifier = Modifier.weight(1f).semantics { heading() },
            )
            RefreshButton(state.refreshing, onRefresh)
        }
        RefreshStatus(state.refreshing, failed = state.refreshFailures.isNotEmpty() || state.unreachable)
        Column(Modifier.weight(1f).verticalScroll(rememberScrollState())) {
            HomeEntryRow(strings.helpCenter, state.helpCenter, 0, go.helpCenter)
            HomeEntryRow(strings.contactUs, state.tickets, 0, go.contact)
            HomeEntryRow(strings.tickets, state.tickets, state.unreadTickets, go.tickets)
            HomeEntryRow(strings.chat, state.chat, state.chatUnread, go.chat)
            if (state.promotedArticles.isNotEmpty()) {
                SectionTitle(strings.promotedArticles)
                state.promotedArticles.forEach { article ->
                    Text(
                        article.title,
                        style = MaterialTheme.typography.bodyLarge,
                        modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).clickable { go.article(article.id) }
                            .padding(horizontal = 16.dp, vertical = 12.dp),
                    )
                }
            }
            if (state.tickets == HomeEntry.AVAILABLE && state.openTickets.isNotEmpty()) {
                SectionTitle(strings.openTickets)
                state.openTickets.forEach { ticket ->
                    TicketRow(ticket, preview = null, delivery = ticket.delivery, onOpen = go.ticket)
                    HorizontalDivider()
                }
            }
        }
    }
}

/** One way to get help: tappable when available, "sign in" when it needs the user, gone when off. */
@Composable
private fun HomeEntryRow(title: String, entry: HomeEntry, unread: Int, onClick: () -> Unit) {
    if (entry == HomeEntry.OFF) return
    val strings = LocalStrings.current
    val available = entry == HomeEntry.AVAILABLE
    Row(
        Modifier.fillMaxWidth().heightIn(min = 56.dp).clickable(enabled = available, onClick = onClick)
            .semantics(mergeDescendants = true) {}
            .padding(horizontal = 16.dp, vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Column(Modifier.weight(1f)) {
            Text(
                title,
                style = MaterialTheme.typography.titleMedium,
                color = if (available) MaterialTheme.colorScheme.onSurface else MaterialTheme.colorScheme.onSurfaceVariant,
            )
            if (entry == HomeEntry.NEEDS_IDENTITY) {
                Text(strings.signInFirst, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.onSurfaceVariant)
            }
        }
        if (available && unread > 0) {
            val label = strings.unreadCount(unread)
            Badge(Modifier.semantics { contentDescription = label }) { Text("$unread") }
        }
    }
    HorizontalDivider()
}

@Composable
private fun SectionTitle(text: String) {
    Text(
        text,
        style = MaterialTheme.typography.titleSmall,
        color = MaterialTheme.colorScheme.primary,
        modifier = Modifier.padding(start = 16.dp, end = 16.dp, top = 20.dp, bottom = 4.dp).semantics { heading() },
    )
}
