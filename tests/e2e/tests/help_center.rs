//! The help center end to end: the SDK against the reference helpdesk's demo help center,
//! over real HTTP on loopback, with a real SQLite cache. Each test runs against a Helpline
//! helpdesk and a stock Zendesk, whose article export is an agent's: the SDK lists the
//! articles instead (every sync a full one), and learns their attachments when it fetches one.

use std::sync::Arc;

use helpline_core::{Error, Helpline, ManualClock, SearchSource, VoteValue};
use helpline_e2e::{Harness, Mode, both_modes};
use helpline_protocol as wire;
use helpline_server::Fault;

both_modes!(
    full_then_incremental_sync_moves_only_what_changed,
    browse_and_search_with_the_helpdesk_stopped,
    french_search_folds_accents_and_matches_prefixes,
    title_matches_rank_first_and_body_matches_follow_with_a_snippet,
    an_unknown_locale_falls_back_and_is_asked_for_again_once_a_day,
    bodies_are_sanitized_for_a_webview,
    online_search_falls_back_offline_on_a_dropped_connection,
    a_vote_cast_offline_reaches_the_helpdesk_once,
    a_malformed_or_truncated_page_aborts_the_sync_and_keeps_the_cache,
    a_full_sync_cut_mid_way_keeps_the_previous_articles,
    the_cache_budget_drops_least_recently_read_bodies_but_keeps_titles_searchable,
    suggestions_for_a_ticket_draft_work_offline,
    attachments_come_with_the_sync_and_with_an_article_fetched_online,
    a_vote_counts_in_the_cached_totals_at_once,
    switching_locale_replaces_the_cached_help_center,
    articles_in_any_script_with_entities_sync_and_are_found_offline,
);

async fn demo(mode: Mode) -> Harness {
    Harness::start_in_with(mode, |c| c.seed_demo = true).await
}

/// The path the article pages come from: the export, or (Zendesk) the English listing.
fn article_pages(mode: Mode) -> &'static str {
    match mode {
        Mode::Helpline => "/incremental/articles",
        Mode::Zendesk => "/en-us/articles.json",
    }
}

/// An SDK in `locale`, not signed in: the help center is public.
fn reader(h: &Harness, name: &str, locale: &str) -> Helpline {
    let mut config = h.config(name);
    config.locale = locale.into();
    Helpline::open(config).expect("SDK opens")
}

async fn full_then_incremental_sync_moves_only_what_changed(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();

    let first = hc.sync().await.unwrap();
    assert!(first.full);
    assert!(first.articles_changed >= 60, "demo help center has at least 60 articles: {first:?}");
    assert_eq!(hc.articles(None).unwrap().len() as i32, first.articles_changed);
    assert!(hc.categories().unwrap().len() >= 3);

    // Zendesk keeps its export for agents: every sync lists the articles, a full one (one
    // page of them here), which finds the same changes.
    let listed = mode == Mode::Zendesk;
    let quiet = hc.sync().await.unwrap();
    assert_eq!(
        (quiet.full, quiet.articles_changed, quiet.articles_deleted, quiet.requests),
        (listed, 0, 0, 1),
        "{quiet:?}"
    );

    let articles = hc.articles(None).unwrap();
    let (edited, archived) = (&articles[0], &articles[1]);
    h.agent_update_article(
        edited.id as u64,
        wire::ArticleDraft { title: Some("Email support, updated".into()), ..Default::default() },
    )
    .await;
    h.agent_archive_article(archived.id as u64).await;
    let created =
        h.agent_create_article(edited.section_id as u64, "Brand new article", "<p>Fresh words: kumquat.</p>").await;

    let next = hc.sync().await.unwrap();
    assert_eq!((next.full, next.articles_changed, next.articles_deleted), (listed, 2, 1), "{next:?}");
    assert_eq!(next.requests, 1, "one request carries every change: the export, or the one page of the list");
    assert_eq!(hc.article(edited.id).unwrap().summary.title, "Email support, updated");
    assert!(matches!(hc.article(archived.id), Err(Error::NotFound { .. })));
    assert!(hc.article(created.id as i64).unwrap().body_html.unwrap().contains("kumquat"));
    assert_eq!(hc.search_offline("kumquat", 5).unwrap()[0].article.id, created.id as i64);
    assert!(hc.search_offline(&archived.title, 50).unwrap().iter().all(|hit| hit.article.id != archived.id));
}

async fn browse_and_search_with_the_helpdesk_stopped(mode: Mode) {
    let mut h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    h.stop_server().await;

    let categories = hc.categories().unwrap();
    let sections = hc.sections(Some(categories[0].id)).unwrap();
    assert!(!sections.is_empty() && sections.iter().all(|s| s.category_id == categories[0].id));
    let articles = hc.articles(Some(sections[0].id)).unwrap();
    assert!(!articles.is_empty() && articles.iter().all(|a| a.section_id == sections[0].id && a.body_cached));
    let article = hc.article(articles[0].id).unwrap();
    assert!(article.body_html.unwrap().contains("<h2>"));
    assert!(!hc.promoted_articles().unwrap().is_empty());
    let cached = hc.fetch_article(articles[0].id).await.unwrap();
    assert_eq!(cached.source, SearchSource::Offline);
    assert!(cached.fallback_reason.as_deref().unwrap().starts_with("offline"), "{:?}", cached.fallback_reason);
    assert_eq!(cached.article.summary.id, articles[0].id);

    let hits = hc.search_offline("password", 5).unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0].snippet.to_lowercase().contains("<em>password"), "{}", hits[0].snippet);
    assert!(
        hits[0].article.title.to_lowercase().contains("password"),
        "title matches rank first: {:?}",
        hits[0].article
    );

    let results = hc.search("password", 5).await.unwrap();
    assert_eq!(results.source, SearchSource::Offline);
    assert!(results.fallback_reason.is_some());
    assert_eq!(results.hits, hits);

    // A reopened SDK (the app restarted offline) still has it all.
    drop(sdk);
    let again = reader(&h, "ana", "en-us");
    assert_eq!(again.help_center().articles(None).unwrap().len(), hc.articles(None).unwrap().len());
}

async fn french_search_folds_accents_and_matches_prefixes(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "lea", "fr-FR");
    let hc = sdk.help_center();
    let report = hc.sync().await.unwrap();
    assert_eq!(report.locale, "fr", "fr-FR falls back to the language");
    assert_eq!(hc.locale().unwrap(), "fr");

    let folded = hc.search_offline("resolu", 10).unwrap();
    assert!(!folded.is_empty(), "'resolu' finds 'résolu'");
    assert!(folded.iter().any(|hit| hit.snippet.contains("<em>résolu")), "{:?}", folded[0].snippet);

    let typed = hc.search_offline("télép", 10).unwrap();
    assert!(!typed.is_empty(), "a prefix finds 'téléphone'");
    assert!(typed[0].snippet.to_lowercase().contains("<em>télép"), "{}", typed[0].snippet);
    let unaccented = hc.search_offline("telep", 10).unwrap();
    assert_eq!(
        unaccented.iter().map(|h| h.article.id).collect::<Vec<_>>(),
        typed.iter().map(|h| h.article.id).collect::<Vec<_>>()
    );

    assert!(matches!(hc.search_offline(" ?! ", 10), Err(Error::Validation { ref field, .. }) if field == "query"));
    // FTS5 syntax in user input is just text.
    hc.search_offline("\"AND ( NEAR*", 10).unwrap();
}

async fn title_matches_rank_first_and_body_matches_follow_with_a_snippet(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let section = hc.articles(None).unwrap()[0].section_id;
    let in_body = "<p>Zephyrine, zephyrine, zephyrine: the zephyrine plan renews monthly. Zephyrine again.</p>";
    let body_only = h.agent_create_article(section as u64, "Plans and billing", in_body).await;
    let titled = h.agent_create_article(section as u64, "Cancel a zephyrine plan", "<p>Open the plan page.</p>").await;
    hc.sync().await.unwrap();

    let hits = hc.search_offline("zephyr", 10).unwrap();
    assert_eq!(hits.iter().map(|hit| hit.article.id).collect::<Vec<_>>(), [titled.id as i64, body_only.id as i64]);
    assert!(hits[1].snippet.contains("<em>Zephyrine</em>"), "{}", hits[1].snippet);
    assert!(hits[0].snippet.contains("<em>zephyrine</em>"), "{}", hits[0].snippet);
    assert_eq!(hc.search_offline("zephyr", 1).unwrap().len(), 1, "the limit holds across both tiers");
}

async fn an_unknown_locale_falls_back_and_is_asked_for_again_once_a_day(mode: Mode) {
    let h = demo(mode).await;
    // Settings that do not list the help center's locales (a stock Zendesk has no settings at
    // all): only asking tells.
    if mode == Mode::Helpline {
        h.agent_set_settings(serde_json::json!({"help_center": {"locales": []}})).await;
    }
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let clock = Arc::new(ManualClock::new(now_ms));
    let mut config = h.config("hans");
    config.locale = "de-DE".into();
    let sdk = Helpline::open_with_clock(config, clock.clone()).unwrap();
    let hc = sdk.help_center();
    let report = hc.sync().await.unwrap();
    assert_eq!(report.locale, "en-us");
    assert!(!hc.articles(None).unwrap().is_empty());
    let asked_for_german = || h.faults().served("/help_center/de-de/") + h.faults().served("/help_center/de/");
    assert_eq!(asked_for_german(), 2, "de-de, then de");

    let quiet = hc.sync().await.unwrap();
    assert_eq!((quiet.locale.as_str(), quiet.requests), ("en-us", 1), "no probe on the next sync");
    assert_eq!(asked_for_german(), 2);

    clock.advance(std::time::Duration::from_secs(25 * 3600));
    let next_day = hc.sync().await.unwrap();
    assert_eq!(next_day.locale, "en-us");
    assert_eq!(asked_for_german(), 4, "asked again a day later");
}

async fn bodies_are_sanitized_for_a_webview(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let section = hc.sections(None).unwrap()[0].id;
    let dirty = r#"<h2>Shots</h2><script>document.cookie</script>
        <p><img src="/hc/article_attachments/1/shot.png" onerror="alert(1)" alt="shot">
        <a href="https://example.com/guide">guide</a> <a href="javascript:alert(2)">trap</a></p>"#;
    let created = h.agent_create_article(section as u64, "Screenshots", dirty).await;
    hc.sync().await.unwrap();

    let html = hc.article(created.id as i64).unwrap().body_html.unwrap();
    for gone in ["<script", "document.cookie", "onerror", "javascript:"] {
        assert!(!html.contains(gone), "{gone} survived: {html}");
    }
    assert!(html.contains(r#"<a href="https://example.com/guide""#), "{html}");
    assert!(html.contains(&format!(r#"<img src="{}/hc/article_attachments/1/shot.png""#, h.base_url())), "{html}");
}

async fn online_search_falls_back_offline_on_a_dropped_connection(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();

    let online = hc.search("password", 5).await.unwrap();
    assert_eq!(online.source, SearchSource::Online);
    assert!(!online.hits.is_empty() && online.hits.iter().all(|hit| hit.source == SearchSource::Online));

    for _ in 0..3 {
        h.faults().push("/articles/search", Fault::Drop);
    }
    let fallback = hc.search("password", 5).await.unwrap();
    assert_eq!(fallback.source, SearchSource::Offline);
    assert!(fallback.fallback_reason.as_deref().unwrap().starts_with("offline"), "{:?}", fallback.fallback_reason);
    assert!(!fallback.hits.is_empty() && fallback.hits.iter().all(|hit| hit.source == SearchSource::Offline));
}

async fn a_vote_cast_offline_reaches_the_helpdesk_once(mode: Mode) {
    let mut h = demo(mode).await;
    let sdk = h.sdk("Ana").await;
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let article = hc.articles(None).unwrap()[3].clone();
    let before = h.server_article("en-us", article.id as u64).await;

    h.stop_server().await;
    let item = hc.vote(article.id, VoteValue::Up).await.unwrap();
    assert_eq!(item.kind, helpline_core::OutboxKind::Vote);
    assert_eq!(hc.article(article.id).unwrap().my_vote, Some(VoteValue::Up));
    assert_eq!(sdk.flush_outbox().await.unwrap(), 1, "still queued while offline");
    drop(sdk);

    h.restart_server().await;
    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let after = h.server_article("en-us", article.id as u64).await;
    assert_eq!((after.vote_count, after.vote_sum), (before.vote_count + 1, before.vote_sum + 1));
    assert_eq!(h.faults().served("/up.json"), 1, "sent exactly once");
    assert!(matches!(sdk.help_center().vote(999_999, VoteValue::Down).await, Err(Error::NotFound { .. })));
    assert!(matches!(sdk.help_center().vote(-1, VoteValue::Down).await, Err(Error::NotFound { .. })), "never a panic");
}

async fn a_malformed_or_truncated_page_aborts_the_sync_and_keeps_the_cache(mode: Mode) {
    let h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let cached = hc.articles(None).unwrap();
    let first = cached[0].clone();
    h.agent_update_article(
        first.id as u64,
        wire::ArticleDraft { title: Some("Renamed meanwhile".into()), ..Default::default() },
    )
    .await;

    h.faults().push(article_pages(mode), Fault::MalformedJson);
    assert!(matches!(hc.sync().await, Err(Error::InvalidResponse { .. })));
    assert_eq!(hc.articles(None).unwrap(), cached, "nothing changed in the cache");
    assert!(!hc.search_offline(&first.title, 5).unwrap().is_empty(), "still searchable");

    let redone = hc.sync().await.unwrap();
    assert_eq!(redone.articles_changed, 1, "the next sync redoes the interrupted one: {redone:?}");
    assert_eq!(hc.article(first.id).unwrap().summary.title, "Renamed meanwhile");
}

async fn a_full_sync_cut_mid_way_keeps_the_previous_articles(mode: Mode) {
    let h = Harness::start_in_with(mode, |c| {
        c.seed_demo = true;
        c.generated_articles = 2_500;
    })
    .await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    // Page one lands, page two is cut short: the sync fails and saves no position.
    h.faults().push(article_pages(mode), Fault::Delay(std::time::Duration::ZERO));
    h.faults().push(article_pages(mode), Fault::MalformedJson);
    let pages = std::sync::Mutex::new(Vec::new());
    let failed = hc.sync_with_progress(|p| pages.lock().unwrap().push(p.pages)).await;
    assert!(matches!(failed, Err(Error::InvalidResponse { .. })), "{failed:?}");
    let partial = hc.articles(None).unwrap().len();
    let page = if mode == Mode::Zendesk { 100 } else { 1000 };
    assert!(partial >= page, "the first page stays usable: {partial}");

    let done = hc.sync().await.unwrap();
    assert!(done.full, "no position was saved, so the full sync is redone");
    assert!(hc.articles(None).unwrap().len() >= 2_560);
    assert_eq!(*pages.lock().unwrap(), [1], "progress came after the page that landed");
}

async fn the_cache_budget_drops_least_recently_read_bodies_but_keeps_titles_searchable(mode: Mode) {
    let h = demo(mode).await;
    let mut config = h.config("ana");
    config.help_center_cache_bytes = 30_000;
    let sdk = Helpline::open(config).unwrap();
    let hc = sdk.help_center();
    hc.sync().await.unwrap();

    let usage = hc.cache_usage().unwrap();
    assert!(usage.body_bytes <= 30_000, "{usage:?}");
    assert!(usage.bodies_cached < usage.articles, "{usage:?}");
    let dropped = hc.articles(None).unwrap().into_iter().find(|a| !a.body_cached).unwrap();
    assert_eq!(hc.article(dropped.id).unwrap().body_html, None);
    assert!(hc.search_offline(&dropped.title, 10).unwrap().iter().any(|hit| hit.article.id == dropped.id));

    let fetched = hc.fetch_article(dropped.id).await.unwrap();
    assert_eq!((fetched.source, fetched.fallback_reason), (SearchSource::Online, None));
    assert!(fetched.article.body_html.is_some(), "fetched on demand");
    assert!(hc.cache_usage().unwrap().body_bytes <= 30_000);
    assert!(hc.article(dropped.id).unwrap().body_html.is_some(), "the article just read is kept");
}

async fn suggestions_for_a_ticket_draft_work_offline(mode: Mode) {
    let mut h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    h.stop_server().await;

    let ideas = hc.suggestions("Can't sign in", "I forgot my password and the reset email never arrives", 3).unwrap();
    assert!(!ideas.is_empty() && ideas.len() <= 3);
    assert!(ideas.iter().any(|hit| hit.article.title.to_lowercase().contains("password")), "{ideas:?}");
    assert!(hc.suggestions("hi", "thanks!", 3).unwrap().is_empty(), "nothing to go on, nothing suggested");
}

async fn attachments_come_with_the_sync_and_with_an_article_fetched_online(mode: Mode) {
    let mut h = demo(mode).await;
    let sdk = reader(&h, "ana", "en-us");
    let hc = sdk.help_center();
    hc.sync().await.unwrap();

    // Known from the sync alone, offline, without opening any article online (a Helpline
    // addition to the export: on a stock Zendesk they are known once an article is fetched).
    h.stop_server().await;
    let offline: Vec<_> = hc.articles(None).unwrap().into_iter().map(|a| hc.article(a.id).unwrap()).collect();
    match mode {
        Mode::Helpline => {
            let synced = offline.iter().find(|a| !a.attachments.is_empty()).expect("attachments, offline");
            assert!(synced.attachments.iter().all(|f| f.content_url.starts_with(h.base_url()) && f.size > 0));
        }
        Mode::Zendesk => assert!(offline.iter().all(|a| a.attachments.is_empty()), "not known before a fetch"),
    }
    h.restart_server().await;

    let mut with_attachments = None;
    for article in hc.articles(None).unwrap() {
        let fetched = hc.fetch_article(article.id).await.unwrap().article;
        if !fetched.attachments.is_empty() {
            with_attachments = Some(fetched);
            break;
        }
    }
    let article = with_attachments.expect("the demo help center has articles with attachments");
    let attachment = &article.attachments[0];
    assert!(attachment.content_url.starts_with(h.base_url()), "{attachment:?}");
    assert!(attachment.size > 0 && !attachment.content_type.is_empty());
    assert_eq!(hc.article(article.summary.id).unwrap().attachments, article.attachments, "cached for offline");
}

async fn a_vote_counts_in_the_cached_totals_at_once(mode: Mode) {
    let h = demo(mode).await;
    let sdk = h.sdk("Ana").await;
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let before = hc.articles(None).unwrap()[0].clone();
    hc.vote(before.id, VoteValue::Up).await.unwrap();
    hc.vote(before.id, VoteValue::Up).await.unwrap();
    let up = hc.article(before.id).unwrap().summary;
    assert_eq!(
        (up.vote_sum, up.vote_count),
        (before.vote_sum + 1, before.vote_count + 1),
        "the same vote twice counts once"
    );
    hc.vote(before.id, VoteValue::Down).await.unwrap();
    let down = hc.article(before.id).unwrap().summary;
    assert_eq!(
        (down.vote_sum, down.vote_count),
        (before.vote_sum - 1, before.vote_count + 1),
        "a changed vote moves the sum"
    );

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let server = h.server_article("en-us", before.id as u64).await;
    assert_eq!((server.vote_sum, server.vote_count), (down.vote_sum, down.vote_count), "the helpdesk agrees");
}

async fn switching_locale_replaces_the_cached_help_center(mode: Mode) {
    let h = demo(mode).await;
    let english = reader(&h, "ana", "en-us");
    english.help_center().sync().await.unwrap();
    let count = english.help_center().articles(None).unwrap().len();
    drop(english);

    let french = reader(&h, "ana", "fr");
    let hc = french.help_center();
    assert_eq!(hc.locale().unwrap(), "en-us", "until French is synced, the English cache answers");
    let report = hc.sync().await.unwrap();
    assert!(report.full && report.locale == "fr", "{report:?}");
    assert_eq!(hc.locale().unwrap(), "fr");
    assert_eq!(hc.articles(None).unwrap().len(), count, "every article exists in both languages");
    assert!(!hc.search_offline("mot de passe", 5).unwrap().is_empty());
    assert!(hc.search_offline("resetting", 5).unwrap().is_empty(), "the English index is gone");
}

/// Text of any script, right after an entity's `&`: it once made every sync of the locale panic.
async fn articles_in_any_script_with_entities_sync_and_are_found_offline(mode: Mode) {
    let h = demo(mode).await;
    let sdk = h.sdk("Ana").await;
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    let section = hc.articles(None).unwrap()[0].section_id;
    let bodies = [
        ("日本語の記事", "<p>料金 &日本語のテキスト &amp; 支払い方法</p>"),
        ("مقالة عربية", "<p>الدفع &مرحبا; &nbsp;الفاتورة</p>"),
        ("Статья", "<p>Счёт &amp;Привет&hellip; оплата</p>"),
        ("Emoji & co", "<p>&#x1F600; smiles&eacute;&unknownentity; done</p>"),
    ];
    let mut created = Vec::new();
    for (title, body) in bodies {
        created.push(h.agent_create_article(section as u64, title, body).await.id as i64);
    }
    let report = hc.sync().await.expect("the sync goes through whatever the script");
    assert!(report.articles_changed >= 4, "{report:?}");
    for (query, id) in
        [("支払い方法", created[0]), ("الفاتورة", created[1]), ("оплата", created[2]), ("smilesé", created[3])]
    {
        let hits = hc.search_offline(query, 5).unwrap();
        assert!(hits.iter().any(|hit| hit.article.id == id), "{query}: {hits:?}");
    }
}
