package dev.helpline.tests

import dev.helpline.sdk.Helpline
import dev.helpline.sdk.HelplineConfig
import dev.helpline.sdk.HelplineEvent
import dev.helpline.core.HelplineException
import dev.helpline.core.Identity
import dev.helpline.core.OutboxKind
import dev.helpline.core.SearchSource
import dev.helpline.core.SyncProgress
import dev.helpline.sdk.SyncProgressListener
import dev.helpline.core.VoteValue
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The help center through the Kotlin API: sync, browse, offline search, votes. */
class HelpCenterTest : ReferenceServerTest() {
    companion object {
        /** Nothing listens there: the helpdesk is unreachable. */
        const val UNREACHABLE = "http://127.0.0.1:9"
    }

    private fun open(baseUrl: String = server.baseUrl, install: String = "ana"): Helpline =
        Helpline.open(HelplineConfig(baseUrl, "kotlin-tests", "kotlin-tests", dir.resolve(install).toString(), platform = "jvm"))
            .also { opened += it }

    @Test
    fun `the help center syncs, then is browsed and read from the device`(): Unit = runBlocking {
        val helpline = open()
        val events = Recorder()
        helpline.subscribe(events).also { opened += it }
        val helpCenter = helpline.helpCenter().also { opened += it }
        assertTrue(helpCenter.categories().isEmpty(), "nothing before the first sync")

        val pages = CopyOnWriteArrayList<SyncProgress>()
        val report = runBlocking {
            helpCenter.syncWithProgress(object : SyncProgressListener {
                override fun onProgress(progress: SyncProgress) {
                    pages += progress
                }
            })
        }
        assertTrue(report.full)
        assertEquals("en-us", report.locale)
        assertTrue(report.articlesChanged > 0)
        assertTrue(pages.isNotEmpty() && pages.last().articles > 0, "progress: $pages")
        events.await("help center changed") { it == HelplineEvent.HelpCenterChanged }

        val categories = helpCenter.categories()
        assertTrue(categories.isNotEmpty())
        val sections = helpCenter.sections(categories.first().id)
        assertTrue(sections.isNotEmpty() && sections.all { it.categoryId == categories.first().id })
        val articles = helpCenter.articles(sections.first().id)
        assertTrue(articles.isNotEmpty() && articles.all { it.sectionId == sections.first().id })
        assertEquals(report.articlesChanged.toInt(), helpCenter.articles().size)

        val article = helpCenter.article(articles.first().id)
        assertEquals(articles.first().title, article.summary.title)
        assertNotNull(article.bodyHtml)
        val body = article.bodyHtml!!
        assertFalse(body.contains("<script", ignoreCase = true))
        assertThrows<HelplineException.NotFound> { helpCenter.article(999_999_999) }
        // Attachments come with the sync: listed from the cache, no article opened online.
        val files = helpCenter.articles().flatMap { helpCenter.article(it.id).attachments }
        assertTrue(files.isNotEmpty() && files.all { it.contentUrl.startsWith(server.baseUrl) }, "attachments: $files")

        val again = runBlocking { helpCenter.sync() }
        assertFalse(again.full, "the second sync is incremental")
        assertEquals(0, again.articlesChanged)
    }

    @Test
    fun `search works offline, and an online search falls back to the device`(): Unit = runBlocking {
        open(install = "reader").helpCenter().use { runBlocking { it.sync() } }
        opened.forEach { it.close() }
        opened.clear()

        // The same install, the helpdesk gone.
        val helpCenter = open(baseUrl = UNREACHABLE, install = "reader").helpCenter().also { opened += it }
        val hits = helpCenter.searchOffline("callback")
        assertTrue(hits.isNotEmpty())
        assertTrue(hits.first().article.title.contains("callback", ignoreCase = true), hits.first().article.title)
        assertTrue(hits.all { it.source == SearchSource.OFFLINE })
        assertTrue(hits.first().snippet.contains("<em>"), hits.first().snippet)
        assertEquals(1, helpCenter.searchOffline("callback", limit = 1).size)

        val results = runBlocking { helpCenter.search("callback") }
        assertEquals(SearchSource.OFFLINE, results.source)
        assertNotNull(results.fallbackReason)
        assertEquals(hits.map { it.article.id }, results.hits.map { it.article.id })

        val suggestions = helpCenter.suggestions("Call me back", "Can someone call me back about my order?")
        assertTrue(suggestions.isNotEmpty())
    }

    @Test
    fun `a vote is recorded at once and sent by the outbox`(): Unit = runBlocking {
        val helpline = open()
        helpline.setIdentity(Identity.Anonymous("Ana", null))
        val helpCenter = helpline.helpCenter().also { opened += it }
        runBlocking { helpCenter.sync() }
        val id = helpCenter.articles().first().id

        val item = helpCenter.vote(id, VoteValue.UP)
        assertEquals(OutboxKind.VOTE, item.kind)
        assertEquals(VoteValue.UP, helpCenter.article(id).myVote)
        runBlocking { assertEquals(0, helpline.flushOutbox()) }
        val fetched = runBlocking { helpCenter.fetchArticle(id) }.let {
            assertEquals(SearchSource.ONLINE, it.source)
            it.article
        }
        assertEquals(VoteValue.UP, fetched.myVote)
        assertTrue(fetched.summary.voteSum >= 1, "the helpdesk counted the vote: ${fetched.summary}")
    }
}
