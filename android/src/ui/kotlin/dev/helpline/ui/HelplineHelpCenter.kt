package dev.helpline.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import dev.helpline.core.HelpCenterLoad
import dev.helpline.core.HelpCenterState
import dev.helpline.core.HelpCenterStatus
import dev.helpline.core.OpenArticle
import dev.helpline.core.SearchSource
import dev.helpline.core.VoteValue
import dev.helpline.sdk.HelpCenterScreen
import dev.helpline.sdk.states

/**
 * The help center, as a screen to put in the app's navigation: search as the user types (the
 * device's results at once, the helpdesk's when they come, each saying which), categories,
 * their sections, a section's articles, and the open article with "was this helpful?". The
 * back arrow closes the innermost thing open; [onLeave] is called when nothing is.
 * The article's body is drawn by [LocalArticleBodyView].
 */
@Composable
fun HelplineHelpCenter(screen: HelpCenterScreen, modifier: Modifier = Modifier, onLeave: (() -> Unit)? = null) {
    val state by remember(screen) { screen.states() }.collectAsState(remember(screen) { screen.state() })
    val actions = rememberActions()
    var query by rememberDraft(state.search.query)
    // The core closes the innermost thing open (the article, its search, the section, the
    // category); in the queue, never before an open the user asked for just before. The
    // search field follows the core's emptied query.
    val back: () -> Unit = { actions.post { if (!screen.back()) onLeave?.invoke() } }
    val nested = state.article != null || query.isNotEmpty() || state.section != null || state.category != null
    LocalBackButton.current(nested, back)
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        HelpCenterContent(
            state,
            query,
            HelpCenterActions(
                query = { text -> query = text; actions.post { screen.setQuery(text) } },
                category = { id -> actions.post { screen.openCategory(id) } },
                section = { id -> actions.post { screen.openSection(id) } },
                article = { id -> actions.post { screen.openArticle(id) } },
                vote = { value -> actions.post { screen.vote(value) } },
                back = back,
            ),
            canLeave = onLeave != null,
        )
    }
}

/** What the user can do on the help center. */
internal class HelpCenterActions(
    val query: (String) -> Unit,
    val category: (Long) -> Unit,
    val section: (Long) -> Unit,
    val article: (Long) -> Unit,
    val vote: (VoteValue) -> Unit,
    val back: () -> Unit,
)

/** What [HelplineHelpCenter] shows for [state]; [query] is the search field's text as typed. */
@Composable
internal fun HelpCenterContent(state: HelpCenterState, query: String, on: HelpCenterActions, canLeave: Boolean) {
    val strings = LocalStrings.current
    val article = state.article
    val searching = query.isNotEmpty() && article == null
    val title = article?.title ?: state.section?.section?.name ?: state.category?.category?.name ?: strings.helpCenter
    val nested = article != null || searching || state.section != null || state.category != null
    Column(Modifier.fillMaxSize()) {
        Row(Modifier.fillMaxWidth().heightIn(min = 56.dp).padding(start = 4.dp, end = 16.dp), verticalAlignment = Alignment.CenterVertically) {
            if (nested || canLeave) {
                IconButton(onClick = on.back) { Icon(HelplineIcons.Back, contentDescription = strings.back) }
            }
            Text(
                title,
                style = MaterialTheme.typography.titleLarge,
                maxLines = 2,
                overflow = TextOverflow.Ellipsis,
                modifier = Modifier.weight(1f).padding(start = if (nested || canLeave) 4.dp else 12.dp).semantics { heading() },
            )
        }
        when (val status = state.status) {
            HelpCenterStatus.Loading -> Box(Modifier.fillMaxSize()) { CircularProgressIndicator(Modifier.align(Alignment.Center)) }
            HelpCenterStatus.Disabled -> CenteredNote(strings.helpCenterOff)
            is HelpCenterStatus.Failed -> CenteredNote(strings.helpCenterFailed)
            HelpCenterStatus.Ready -> {
                if (article == null) {
                    OutlinedTextField(
                        value = query,
                        onValueChange = on.query,
                        placeholder = { Text(strings.searchHint) },
                        singleLine = true,
                        modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                    )
                }
                Box(Modifier.weight(1f).fillMaxWidth()) {
                    when {
                        article != null -> ArticleView(article, on.vote)
                        searching -> SearchResultsList(state, on.article)
                        state.section != null -> {
                            val section = state.section!!
                            if (section.load == HelpCenterLoad.Loading && section.articles.isEmpty()) Spinner()
                            else HelpList(section.articles.map { it.id to it.title }, on.article)
                        }
                        state.category != null -> HelpList(state.category!!.sections.map { it.id to it.name }, on.section)
                        else -> HelpList(state.categories.map { it.category.id to it.category.name }, on.category)
                    }
                }
            }
        }
    }
}

/** Rows to tap, each a title: categories, sections or articles. */
@Composable
private fun HelpList(rows: List<Pair<Long, String>>, onOpen: (Long) -> Unit) {
    LazyColumn(Modifier.fillMaxSize()) {
        items(rows, key = { it.first }) { (id, title) ->
            Text(
                title,
                style = MaterialTheme.typography.bodyLarge,
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).clickable { onOpen(id) }
                    .padding(horizontal = 16.dp, vertical = 12.dp),
            )
            HorizontalDivider()
        }
    }
}

/** The latest results of the search, saying where they came from, each with its snippet. */
@Composable
private fun SearchResultsList(state: HelpCenterState, onOpen: (Long) -> Unit) {
    val strings = LocalStrings.current
    val search = state.search
    val results = search.results
    Column(Modifier.fillMaxSize()) {
        if (search.load == HelpCenterLoad.Loading) LinearProgressIndicator(Modifier.fillMaxWidth())
        if (results == null) return@Column
        Text(
            strings.resultsFrom(results.source == SearchSource.ONLINE),
            style = MaterialTheme.typography.labelMedium,
            color = MaterialTheme.colorScheme.onSurfaceVariant,
            modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp),
        )
        if (results.hits.isEmpty()) {
            CenteredNote(strings.noResults)
            return@Column
        }
        LazyColumn(Modifier.fillMaxSize()) {
            items(results.hits, key = { it.article.id }) { hit ->
                Column(
                    Modifier.fillMaxWidth().heightIn(min = 48.dp).clickable { onOpen(hit.article.id) }
                        .semantics(mergeDescendants = true) {}
                        .padding(horizontal = 16.dp, vertical = 10.dp),
                ) {
                    Text(hit.article.title, style = MaterialTheme.typography.titleMedium)
                    val snippet = snippetText(hit.snippet)
                    if (snippet.isNotBlank()) {
                        Text(
                            snippet,
                            style = MaterialTheme.typography.bodyMedium,
                            color = MaterialTheme.colorScheme.onSurfaceVariant,
                            maxLines = 2,
                            overflow = TextOverflow.Ellipsis,
                        )
                    }
                }
                HorizontalDivider()
            }
        }
    }
}

/** The open article: its body (the device's copy at once), then "was this helpful?". */
@Composable
private fun ArticleView(open: OpenArticle, onVote: (VoteValue) -> Unit) {
    val strings = LocalStrings.current
    val article = open.article
    val body = article?.bodyHtml
    when {
        body == null && open.load == HelpCenterLoad.Loading -> Spinner()
        body == null -> CenteredNote(strings.articleUnavailable)
        else -> Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp)) {
            if (open.load == HelpCenterLoad.Loading) LinearProgressIndicator(Modifier.fillMaxWidth().padding(bottom = 8.dp))
            LocalArticleBodyView.current(body)
            HorizontalDivider(Modifier.padding(vertical = 16.dp))
            val myVote = article.myVote
            Text(if (myVote == null) strings.helpfulQuestion else strings.voted, style = MaterialTheme.typography.titleSmall)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.padding(top = 8.dp, bottom = 24.dp)) {
                FilterChip(selected = myVote == VoteValue.UP, onClick = { onVote(VoteValue.UP) }, label = { Text(strings.helpfulYes) })
                FilterChip(selected = myVote == VoteValue.DOWN, onClick = { onVote(VoteValue.DOWN) }, label = { Text(strings.helpfulNo) })
            }
        }
    }
}

@Composable
private fun Spinner() = Box(Modifier.fillMaxSize()) { CircularProgressIndicator(Modifier.align(Alignment.Center)) }

@Composable
private fun CenteredNote(text: String) {
    Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
        Text(text, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurfaceVariant, textAlign = TextAlign.Center)
    }
}
