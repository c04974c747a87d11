package dev.helpline.tests

import dev.helpline.core.HelpCenterLoad
import dev.helpline.core.HelpCenterStatus
import dev.helpline.core.HelpCenterSync
import dev.helpline.core.SearchSource
import dev.helpline.core.VoteValue
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.stateIn
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The help center screen through its StateFlow, against the reference server's demo help center. */
class HelpCenterScreenTest : ReferenceServerTest() {
    @Test
    fun `the screen's StateFlow browses to an article, searches as the user types and shows a vote`() = runBlocking {
        val helpline = Helpline.open(
            HelplineConfig(server.baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve("ana").toString(), platform = "jvm"),
        ).also { opened += it }
        val screen = helpline.helpCenterScreen().also { opened += it }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val state = screen.stateIn(scope)
            withTimeout(10_000) {
                val home = state.first { it.cache.sync is HelpCenterSync.Synced && it.categories.isNotEmpty() }
                assertEquals(HelpCenterStatus.Ready, home.status)

                val section = home.categories.first().sections.first()
                screen.openSection(section.id)
                val listed = state.first { it.section?.articles?.isNotEmpty() == true }.section!!
                assertTrue(listed.articles.all { it.sectionId == section.id })

                val article = listed.articles.first()
                screen.openArticle(article.id)
                val open = state.first { it.article?.load == HelpCenterLoad.Ready }.article!!
                assertEquals(article.title, open.title)
                assertEquals(SearchSource.ONLINE, open.source)
                assertTrue(open.article?.bodyHtml?.isNotEmpty() == true)

                screen.vote(VoteValue.UP)
                assertEquals(VoteValue.UP, state.first { it.article?.article?.myVote != null }.article?.article?.myVote)
                assertTrue(screen.back(), "the article closes")
                assertEquals(section.id, state.first { it.article == null }.section?.section?.id)

                screen.setQuery("password")
                val offline = state.first { it.search.results?.source == SearchSource.OFFLINE }.search
                assertTrue(offline.results!!.hits.any { it.article.title.contains("password") }, offline.toString())
                val online = state.first { it.search.results?.source == SearchSource.ONLINE }.search
                assertEquals("password", online.query)
                assertEquals(HelpCenterLoad.Ready, online.load)
                screen.setQuery("")
                assertFalse(state.first { it.search.query.isEmpty() }.search.results != null, "an empty query clears")
            }
        } finally {
            scope.cancel()
        }
    }
}
