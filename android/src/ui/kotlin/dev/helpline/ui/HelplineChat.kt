package dev.helpline.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import dev.helpline.core.ChatState
import dev.helpline.core.ChatStatus
import dev.helpline.core.SatisfactionScore
import dev.helpline.core.SuggestedArticle
import dev.helpline.sdk.ChatScreen
import dev.helpline.sdk.states

/**
 * The chat, as a screen to put in the app's navigation: the conversation's timeline with the
 * bot's rich messages, who is typing, the connection, the composer, the user's other
 * conversations when the helpdesk allows several, and the satisfaction question once it ended.
 * Opens the chat when first shown and tells the core it is visible while it is (the agent's
 * messages are then read as they come). [onOpenArticle] shows an article the bot suggests;
 * without it the article's page opens in the browser.
 */
@Composable
fun HelplineChat(chat: ChatScreen, modifier: Modifier = Modifier, onOpenArticle: ((SuggestedArticle) -> Unit)? = null) {
    val state by remember(chat) { chat.states() }.collectAsState(remember(chat) { chat.state() })
    val actions = rememberActions()
    // Its outcome shows in the state's status.
    LaunchedEffect(chat) { quietly { chat.start() } }
    ReportVisibility(chat) { visible -> chat.setVisible(visible) }
    val messageActions = remember(chat, onOpenArticle) {
        MessageActions(
            choose = { messageId, payload -> actions.post { chat.choose(messageId, payload) } },
            submitForm = { messageId, values -> chat.submitForm(messageId, values) },
            openArticle = onOpenArticle,
        )
    }
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        ChatContent(
            state,
            onRetry = { item -> actions.post { chat.retry(item) } },
            onComposer = { text -> actions.post { chat.setComposer(text) } },
            onSend = { actions.post { chat.send() } },
            onStartNew = { actions.post { chat.startNew() } },
            messageActions = messageActions,
            onAttach = { path -> actions.post { chat.sendFile(path) } },
            onRate = { score, comment -> actions.post { chat.rate(score, comment) } },
            onOpenConversation = { id -> actions.post { chat.openConversation(id) } },
        )
    }
}

/** What [HelplineChat] shows for [state]; the callbacks are the user's actions. */
@Composable
internal fun ChatContent(
    state: ChatState,
    onRetry: (outboxItem: Long) -> Unit,
    onComposer: (String) -> Unit,
    onSend: () -> Unit,
    onStartNew: () -> Unit,
    messageActions: MessageActions = MessageActions(),
    onAttach: (path: String) -> Unit = {},
    onRate: (SatisfactionScore, comment: String?) -> Unit = { _, _ -> },
    onOpenConversation: (id: Long) -> Unit = {},
) {
    val strings = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        ConversationsBar(state.conversations, state.conversation?.id, onOpenConversation)
        ConnectionBannerBar(state.banner)
        Box(Modifier.weight(1f).fillMaxWidth()) {
            val status = state.status
            when {
                status is ChatStatus.Failed && state.timeline.isEmpty() -> CenteredText(strings.chatUnavailable)
                status is ChatStatus.Starting && state.timeline.isEmpty() ->
                    CircularProgressIndicator(Modifier.align(Alignment.Center))
                else -> Timeline(state.timeline, onRetry, messageActions)
            }
            NewMessageAnnouncer(state.timeline)
        }
        state.typing?.let { TypingLine(it.name) }
        if (state.status is ChatStatus.Ended) {
            state.conversation?.let { SatisfactionQuestion(it.id, strings.csatQuestion, it.satisfaction, onRate) }
            ChatEnded(canStartNew = state.canStartNew, onStartNew = onStartNew)
        } else {
            ChatComposer(state.composer, onComposer, onSend, onAttach)
        }
    }
}

@Composable
private fun CenteredText(text: String) {
    Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
        Text(text, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
    }
}
