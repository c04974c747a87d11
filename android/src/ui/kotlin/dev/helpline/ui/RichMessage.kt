package dev.helpline.ui

import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.unit.dp
import dev.helpline.core.ChatButton
import dev.helpline.core.ChatButtonAction
import dev.helpline.core.ChatMessage
import dev.helpline.core.SuggestedArticle

/** What the user can do with a message's rich parts; the chat screen's actions. */
internal class MessageActions(
    /** A quick reply or a postback button tapped: sent as the user's answer. */
    val choose: (messageId: String, payload: String) -> Unit = { _, _ -> },
    /** A form filled in; throws the core's refusal (a field's error) for the form to show. */
    val submitForm: suspend (messageId: String, values: Map<String, String>) -> Unit = { _, _ -> },
    /** A suggested article tapped; by default its page opens in the browser. */
    val openArticle: ((SuggestedArticle) -> Unit)? = null,
)

/** Under a message from the agent or the bot: its suggested articles, buttons, cards or form. */
@Composable
internal fun MessageExtras(message: ChatMessage, actions: MessageActions) {
    if (message.isMine) return
    val uri = LocalUriHandler.current
    val start = Modifier.padding(start = 8.dp, bottom = 4.dp)
    if (message.articles.isNotEmpty()) {
        Column(start) {
            message.articles.forEach { article ->
                TextButton(
                    onClick = { actions.openArticle?.invoke(article) ?: runCatching { uri.openUri(article.htmlUrl) } },
                    modifier = Modifier.heightIn(min = 48.dp),
                ) { Text(article.title) }
            }
        }
    }
    if (message.buttons.isNotEmpty()) {
        Column(start, verticalArrangement = Arrangement.spacedBy(4.dp)) {
            message.buttons.forEach { MessageButton(message, it, actions) }
        }
    }
    if (message.cards.isNotEmpty()) {
        Row(
            start.fillMaxWidth().horizontalScroll(rememberScrollState()),
            horizontalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            message.cards.forEach { card ->
                Card(Modifier.width(240.dp)) {
                    Column(Modifier.padding(12.dp)) {
                        Text(card.title, style = MaterialTheme.typography.titleSmall)
                        if (card.text.isNotBlank()) Text(card.text, style = MaterialTheme.typography.bodyMedium)
                        card.buttons.forEach { MessageButton(message, it, actions) }
                    }
                }
            }
        }
    }
    message.form?.let { ChatFormCard(message.localId, it, actions.submitForm) }
}

/** A link opens in the browser; a postback answers with the button's title. */
@Composable
private fun MessageButton(message: ChatMessage, button: ChatButton, actions: MessageActions) {
    val uri = LocalUriHandler.current
    OutlinedButton(
        onClick = {
            when (val action = button.action) {
                is ChatButtonAction.Link -> runCatching { uri.openUri(action.url) }
                is ChatButtonAction.Postback -> actions.choose(message.localId, action.payload)
            }
        },
        modifier = Modifier.heightIn(min = 48.dp),
    ) { Text(button.title) }
}
