package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import dev.helpline.core.SatisfactionScore
import dev.helpline.core.TicketScreenState
import dev.helpline.sdk.TicketScreen
import dev.helpline.sdk.states

/**
 * One request, as a screen to put in the app's navigation: its conversation with the agents,
 * each of the user's comments with its delivery (and a retry when it failed), the reply box,
 * and what the ticket allows (mark solved, rate the support). Tells the core it is visible
 * while shown, so the agents' answers are read as they come.
 */
@Composable
fun HelplineTicket(screen: TicketScreen, modifier: Modifier = Modifier) {
    val state by remember(screen) { screen.states() }.collectAsState(remember(screen) { screen.state() })
    val actions = rememberActions()
    ReportVisibility(screen) { visible -> screen.setVisible(visible) }
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        TicketContent(
            state,
            onRefresh = { actions.post { screen.refresh() } },
            onRetry = { item -> actions.post { screen.retry(item) } },
            onReply = { text -> actions.post { screen.setReply(text) } },
            onSend = { actions.post { screen.sendReply() } },
            onSolve = { actions.post { screen.solve() } },
            onRate = { score, comment -> actions.post { screen.rate(score, comment) } },
            onAttach = { path -> actions.post { screen.addReplyAttachment(path) } },
            onRemoveAttachment = { path -> actions.post { screen.removeReplyAttachment(path) } },
        )
    }
}

/** What [HelplineTicket] shows for [state]; the callbacks are the user's actions. */
@Composable
internal fun TicketContent(
    state: TicketScreenState,
    onRefresh: () -> Unit,
    onRetry: (outboxItem: Long) -> Unit,
    onReply: (String) -> Unit,
    onSend: () -> Unit,
    onSolve: () -> Unit,
    onRate: (SatisfactionScore, comment: String?) -> Unit,
    onAttach: (path: String) -> Unit = {},
    onRemoveAttachment: (path: String) -> Unit = {},
) {
    val strings = LocalStrings.current
    val ticket = state.ticket
    Column(Modifier.fillMaxSize()) {
        Row(Modifier.fillMaxWidth().padding(start = 16.dp, end = 4.dp, top = 4.dp), verticalAlignment = Alignment.CenterVertically) {
            Column(Modifier.weight(1f)) {
                Text(
                    ticket.subject,
                    style = MaterialTheme.typography.titleLarge,
                    maxLines = 2,
                    overflow = TextOverflow.Ellipsis,
                    modifier = Modifier.semantics { heading() },
                )
                Text(strings.status(ticket.status), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.primary)
            }
            RefreshButton(state.refreshing, onRefresh)
        }
        RefreshStatus(state.refreshing, failed = state.refreshError != null)
        Box(Modifier.weight(1f).fillMaxWidth()) {
            when {
                state.removed -> CenteredNote(strings.ticketRemoved)
                !state.loaded -> CircularProgressIndicator(Modifier.align(Alignment.Center))
                else -> Timeline(state.timeline, onRetry)
            }
            NewMessageAnnouncer(state.timeline)
        }
        TicketActionsBar(state, onSolve, onRate)
        // A closed ticket takes a follow-up: the reply opens a new request linked to it.
        if (state.actions.reply || state.actions.followUp) {
            Box(Modifier.padding(horizontal = 12.dp)) { StagedAttachments(state.reply.attachments, onRemoveAttachment) }
            MessageComposer(state.reply.body, canSend = state.reply.canSend, strings.replyHint, onReply, onSend, onAttach)
        }
    }
}

/** Mark solved, and the satisfaction question or its answer, as the ticket allows. */
@Composable
private fun TicketActionsBar(state: TicketScreenState, onSolve: () -> Unit, onRate: (SatisfactionScore, String?) -> Unit) {
    val strings = LocalStrings.current
    if (state.actions.solve) {
        Box(Modifier.fillMaxWidth(), contentAlignment = Alignment.Center) {
            TextButton(onClick = onSolve, modifier = Modifier.heightIn(min = 48.dp)) { Text(strings.solve) }
        }
    }
    val satisfaction = state.ticket.satisfaction
    SatisfactionQuestion(state.ticket.id, strings.rateQuestion, satisfaction.copy(offered = satisfaction.offered && state.actions.rate), onRate)
}

@Composable
private fun CenteredNote(text: String) {
    Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
        Text(text, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
    }
}
