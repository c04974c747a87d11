//! The help center over real HTTP: pages, locales, the incremental export, search, votes,
//! agent authoring, attachments and generated content.

mod common;

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{AGENT, Harness, TempDir, body, start, start_with};
use helpline_protocol::{
    Article, ArticleAttachmentsPage, ArticleEnvelope, ArticlesPage, CategoriesPage, IncrementalArticlesPage,
    SearchResultsPage, SectionsPage, VoteEnvelope,
};
use helpline_server::{RunningServer, ServerConfig};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const HC: &str = "/api/v2/help_center";
const EXPORT: &str = "/api/v2/help_center/incremental/articles.json";

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

async fn seeded() -> Harness {
    start_with(|c| ServerConfig { seed_demo: true, ..c }).await
}

/// GET without a token (help center reads are public), decoded after checking the status.
async fn read<T: DeserializeOwned>(h: &Harness, path: &str) -> T {
    serde_json::from_value(body(h.call(Method::GET, None, path, None).await, 200).await).unwrap()
}

async fn status(h: &Harness, method: Method, token: Option<&str>, path: &str, body: Option<Value>) -> u16 {
    h.call(method, token, path, body).await.status().as_u16()
}

/// Every article of a list, following `next_page` or `links.next`, whichever the server uses.
async fn walk(h: &Harness, first: &str) -> Vec<Article> {
    let mut all = vec![];
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let page: ArticlesPage = read(h, &url).await;
        assert!(!page.articles.is_empty() || all.is_empty(), "no empty page in the middle: {url}");
        all.extend(page.articles);
        next = page.pagination.next_url().map(str::to_owned);
    }
    all
}

/// Every page of the incremental export from `start_time`, checking the paging rules.
async fn export_all(h: &Harness, start_time: i64, locale: &str, per_page: usize) -> (Vec<Article>, Vec<u64>, i64) {
    let mut url = Some(format!("{EXPORT}?start_time={start_time}&locale={locale}&per_page={per_page}"));
    let (mut articles, mut deleted, mut first) = (vec![], vec![], true);
    loop {
        let page: IncrementalArticlesPage = read(h, url.as_deref().unwrap()).await;
        assert!(page.articles.len() <= per_page);
        assert_eq!(page.count, Some(page.articles.len() as u64));
        if !first {
            assert_eq!(page.deleted_article_ids, Some(vec![]), "deletions come with the first page only");
        }
        first = false;
        articles.extend(page.articles);
        deleted.extend(page.deleted_article_ids.into_iter().flatten());
        match page.next_page {
            Some(next) => {
                assert_eq!(page.end_time, start_time, "only the last page moves end_time");
                assert!(next.starts_with(&h.server.base_url()), "absolute: {next}");
                assert!(next.contains(&format!("start_time={start_time}")) && next.contains("cursor="), "{next}");
                url = Some(next);
            }
            None => return (articles, deleted, page.end_time),
        }
    }
}

async fn create_article(h: &Harness, section_id: u64, article: Value) -> Article {
    let resp = h.post(AGENT, &format!("{HC}/sections/{section_id}/articles.json"), json!({ "article": article })).await;
    serde_json::from_value::<ArticleEnvelope>(body(resp, 201).await).unwrap().article
}

/// The first section of the demo content, en-us.
async fn first_section(h: &Harness) -> u64 {
    let sections: SectionsPage = read(h, &format!("{HC}/en-us/sections.json")).await;
    sections.sections[0].id
}

/// A category and section made through the generator (the only way besides the seed).
async fn empty_help_center() -> (Harness, u64) {
    let h = start_with(|c| ServerConfig { generated_articles: 1, ..c }).await;
    let section = first_section(&h).await;
    (h, section)
}

/// (vote_sum, vote_count) of an article, as end users read it.
async fn totals(h: &Harness, article: u64) -> (i64, i64) {
    let a: ArticleEnvelope = read(h, &format!("{HC}/en-us/articles/{article}.json")).await;
    (a.article.vote_sum, a.article.vote_count)
}

fn ids(articles: &[Article]) -> Vec<u64> {
    articles.iter().map(|a| a.id).collect()
}

#[tokio::test]
async fn lists_page_by_offset_and_by_cursor() {
    let h = seeded().await;
    let first: ArticlesPage = read(&h, &format!("{HC}/en-us/articles.json")).await;
    let total = first.pagination.count.unwrap() as usize;
    assert!(total > 30, "the demo has more than a default page ({total})");
    assert_eq!(first.articles.len(), 30, "30 per page by default");
    assert!(first.pagination.next_page.as_deref().unwrap().starts_with(&h.server.base_url()));
    let max: ArticlesPage = read(&h, &format!("{HC}/en-us/articles.json?per_page=1000")).await;
    assert_eq!(max.articles.len(), total.min(100), "at most 100 per page");

    let by_offset = walk(&h, &format!("{HC}/en-us/articles.json?per_page=7")).await;
    let by_cursor = walk(&h, &format!("{HC}/en-us/articles.json?page[size]=7")).await;
    assert_eq!(by_offset.len(), total);
    assert_eq!(ids(&by_offset), ids(&by_cursor), "same order both ways");
    assert_eq!(ids(&by_offset).into_iter().collect::<HashSet<_>>().len(), total, "each article once");
    let cursor_page: ArticlesPage = read(&h, &format!("{HC}/en-us/articles.json?page[size]=7")).await;
    assert!(cursor_page.pagination.meta.unwrap().has_more && cursor_page.pagination.count.is_none());
    let positions: Vec<(i64, u64)> = by_offset.iter().map(|a| (a.position, a.id)).collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "by position, then id");

    let newest: ArticlesPage = read(&h, &format!("{HC}/en-us/articles.json?sort_by=updated_at&per_page=100")).await;
    assert!(newest.articles.windows(2).all(|w| w[0].updated_at >= w[1].updated_at), "dates: newest first");
    let bad = h.call(Method::GET, None, &format!("{HC}/en-us/articles.json?sort_by=mood"), None).await;
    assert_eq!(body(bad, 400).await["error"], "InvalidParameter");

    let categories: CategoriesPage = read(&h, &format!("{HC}/en-us/categories.json?per_page=2")).await;
    assert_eq!(categories.categories.len(), 2);
    assert!(categories.pagination.next_page.is_some());
    let cursor: CategoriesPage = read(&h, &format!("{HC}/en-us/categories.json?page[size]=100")).await;
    let category = &cursor.categories[0];
    assert_eq!(category.html_url, format!("{}/hc/en-us/categories/{}", h.server.base_url(), category.id));

    let sections: SectionsPage = read(&h, &format!("{HC}/en-us/categories/{}/sections.json", category.id)).await;
    assert!(!sections.sections.is_empty());
    assert!(sections.sections.iter().all(|s| s.category_id == category.id));
    let section = &sections.sections[0];
    let in_section = walk(&h, &format!("{HC}/en-us/sections/{}/articles.json?page[size]=2", section.id)).await;
    assert!(!in_section.is_empty() && in_section.iter().all(|a| a.section_id == section.id));
    for missing in ["categories/999999/sections.json", "sections/999999/articles.json", "articles/999999.json"] {
        let e = body(h.call(Method::GET, None, &format!("{HC}/en-us/{missing}"), None).await, 404).await;
        assert_eq!(e["error"], "RecordNotFound", "{missing}");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn locales_have_their_own_texts() {
    let h = seeded().await;
    let en: CategoriesPage = read(&h, &format!("{HC}/en-us/categories.json")).await;
    let fr: CategoriesPage = read(&h, &format!("{HC}/fr/categories.json")).await;
    assert_eq!(en.categories.len(), fr.categories.len());
    assert_eq!(en.categories[0].id, fr.categories[0].id, "one id, several translations");
    assert_ne!(en.categories[0].name, fr.categories[0].name);
    assert_eq!(fr.categories[0].locale, "fr");

    let en_articles = walk(&h, &format!("{HC}/en-us/articles.json?per_page=100")).await;
    let article = &en_articles[0];
    let fr_article: ArticleEnvelope = read(&h, &format!("{HC}/fr/articles/{}.json", article.id)).await;
    assert_eq!((fr_article.article.id, fr_article.article.locale.as_str()), (article.id, "fr"));
    assert_ne!(fr_article.article.title, article.title);
    assert_eq!(fr_article.article.html_url, format!("{}/hc/fr/articles/{}", h.server.base_url(), article.id));
    assert!(walk(&h, &format!("{HC}/fr/articles.json")).await.iter().all(|a| a.locale == "fr"));

    // No locale in the path: the default one, as in Zendesk; locales ignore case.
    let default: ArticleEnvelope = read(&h, &format!("{HC}/articles/{}.json", article.id)).await;
    assert_eq!(default.article.title, article.title);
    let upper: CategoriesPage = read(&h, &format!("{HC}/en-US/categories.json")).await;
    assert_eq!(upper.categories.len(), en.categories.len());

    for path in ["de/categories.json", "xx/articles.json", "de/articles/1.json", "pt-br/sections.json"] {
        let e = body(h.call(Method::GET, None, &format!("{HC}/{path}"), None).await, 404).await;
        assert_eq!(e["error"], "RecordNotFound", "{path}");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn reads_are_public_and_hide_drafts_and_archived_articles() {
    let h = seeded().await;
    let user = h.anon("reader").await;
    let path = format!("{HC}/en-us/articles.json");
    for token in [None, Some(user.as_str()), Some(AGENT), Some("unknown-token")] {
        assert_eq!(status(&h, Method::GET, token, &path, None).await, 200, "{token:?}");
    }
    let section = first_section(&h).await;
    let draft =
        create_article(&h, section, json!({"title": "Unpublished plans", "body": "<p>Soon</p>", "draft": true})).await;
    assert!(draft.draft);
    let count = |p: ArticlesPage| p.pagination.count.unwrap();
    let before = count(read(&h, &path).await);
    assert!(!ids(&walk(&h, &format!("{path}?per_page=100")).await).contains(&draft.id));
    assert_eq!(status(&h, Method::GET, None, &format!("{HC}/en-us/articles/{}.json", draft.id), None).await, 404);

    let published = create_article(&h, section, json!({"title": "Published now", "body": "<p>Here</p>"})).await;
    assert_eq!(count(read(&h, &path).await), before + 1);
    let show = format!("{HC}/en-us/articles/{}.json", published.id);
    assert_eq!(status(&h, Method::GET, None, &show, None).await, 200);
    assert_eq!(
        status(&h, Method::DELETE, Some(AGENT), &format!("{HC}/articles/{}.json", published.id), None).await,
        204
    );
    assert_eq!(status(&h, Method::GET, None, &show, None).await, 404);
    assert_eq!(count(read(&h, &path).await), before);
    h.server.stop().await;
}

#[tokio::test]
async fn incremental_export_returns_what_changed_since_the_last_sync() {
    let h = seeded().await;
    let listed = walk(&h, &format!("{HC}/en-us/articles.json?per_page=100")).await;
    let (full, deleted, end_time) = export_all(&h, 0, "en-us", 1000).await;
    assert_eq!(full.len(), listed.len(), "the full export holds every article");
    assert!(deleted.is_empty());
    assert!((now() - 2..=now()).contains(&end_time), "end_time is the server's clock: {end_time}");

    // Seeded articles are old: a sync right after the full one finds nothing.
    let (again, deleted, _) = export_all(&h, end_time, "en-us", 1000).await;
    assert!(again.is_empty() && deleted.is_empty(), "{:?}", ids(&again));

    let (edited, archived, section) = (full[0].id, full[1].id, full[2].section_id);
    let put =
        h.put(AGENT, &format!("{HC}/articles/{edited}.json"), json!({"article": {"title": "Edited title"}})).await;
    let put: ArticleEnvelope = serde_json::from_value(body(put, 200).await).unwrap();
    assert_eq!(put.article.title, "Edited title");
    assert!(put.article.updated_at > full[0].updated_at && put.article.edited_at > full[0].edited_at);
    let created = create_article(&h, section, json!({"title": "Brand new", "body": "<p>New</p>"})).await;
    let draft = create_article(&h, section, json!({"title": "Draft", "body": "<p>D</p>", "draft": true})).await;
    assert_eq!(status(&h, Method::DELETE, Some(AGENT), &format!("{HC}/articles/{archived}.json"), None).await, 204);

    let (changes, deleted, next_end) = export_all(&h, end_time, "en-us", 1000).await;
    let mut changed = ids(&changes);
    changed.sort();
    let mut expected = vec![edited, created.id, draft.id];
    expected.sort();
    assert_eq!(changed, expected, "exactly the edited and new articles, drafts included");
    assert!(changes.iter().find(|a| a.id == draft.id).unwrap().draft);
    assert_eq!(changes.iter().find(|a| a.id == edited).unwrap().title, "Edited title");
    assert_eq!(deleted, vec![archived]);
    assert!(next_end >= end_time);

    // French: the English edit and articles are not French; the archive is, for every locale.
    let (fr_changes, fr_deleted, _) = export_all(&h, end_time, "fr", 1000).await;
    assert!(fr_changes.is_empty(), "{:?}", ids(&fr_changes));
    assert_eq!(fr_deleted, vec![archived]);
    h.server.stop().await;
}

#[tokio::test]
async fn incremental_export_pages_hold_every_article_once() {
    let h = seeded().await;
    let (full, _, _) = export_all(&h, 0, "en-us", 1000).await;
    let (paged, _, end_time) = export_all(&h, 0, "en-us", 7).await;
    assert_eq!(ids(&paged), ids(&full), "same articles, same order");
    assert!(end_time >= now() - 2);
    let keys: Vec<(&str, u64)> = paged.iter().map(|a| (a.updated_at.as_str(), a.id)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "by (updated_at, id)");

    // Articles changed between two pages are not lost: they come (again) at the end, newer.
    let first: IncrementalArticlesPage = read(&h, &format!("{EXPORT}?start_time=0&per_page=5")).await;
    let (seen_already, not_yet) = (full[0].id, full[10].id);
    for id in [seen_already, not_yet] {
        let put = h.put(AGENT, &format!("{HC}/articles/{id}.json"), json!({"article": {"title": "Moved"}})).await;
        body(put, 200).await;
    }
    let mut seen = ids(&first.articles);
    let mut next = first.next_page;
    while let Some(url) = next {
        let page: IncrementalArticlesPage = read(&h, &url).await;
        seen.extend(ids(&page.articles));
        next = page.next_page;
    }
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), full.len(), "none skipped");
    assert_eq!(seen.len(), full.len() + 1, "only the one changed after it was sent comes twice");
    assert_eq!(seen[seen.len() - 2..], [seen_already, not_yet]);
    h.server.stop().await;
}

#[tokio::test]
async fn incremental_export_checks_its_parameters() {
    let h = start().await;
    for bad in
        ["", "?start_time=", "?start_time=-1", "?start_time=abc", "?start_time=1.5", "?start_time=99999999999999"]
    {
        let e = body(h.call(Method::GET, None, &format!("{EXPORT}{bad}"), None).await, 422).await;
        assert!(e["details"]["start_time"].is_array(), "{bad}: {e}");
    }
    let e = body(h.call(Method::GET, None, &format!("{EXPORT}?start_time=0&locale=xx"), None).await, 422).await;
    assert!(e["details"]["locale"].is_array());
    let e = body(h.call(Method::GET, None, &format!("{EXPORT}?start_time=0&cursor=zz"), None).await, 400).await;
    assert_eq!(e["error"], "InvalidParameter");
    let empty: IncrementalArticlesPage = read(&h, &format!("{EXPORT}?start_time=0")).await;
    assert!(empty.articles.is_empty() && empty.next_page.is_none() && empty.end_time >= now() - 2);
    h.server.stop().await;
}

#[tokio::test]
async fn search_folds_accents_matches_prefixes_and_marks_snippets() {
    let (h, section) = empty_help_center().await;
    let fr = |title: &str, body: &str| json!({"title": title, "body": body, "locale": "fr"});
    let solved = create_article(&h, section, fr("Ticket résolu", "<p>Votre demande est <b>résolue</b>.</p>")).await;
    create_article(&h, section, fr("Autre chose", "<p>Rien à voir.</p>")).await;
    let en = |title: &str, body: &str| json!({"title": title, "body": body});
    let in_title = create_article(&h, section, en("Quokka troubleshooting", "<p>Read this first.</p>")).await;
    let in_body =
        create_article(&h, section, en("Another guide", "<p>Some words, then quokka, then more words.</p>")).await;
    let draft = create_article(&h, section, json!({"title": "Quokka draft", "body": "x", "draft": true})).await;

    let search = |q: &str, extra: &str| format!("{HC}/articles/search.json?query={q}{extra}");
    let found: SearchResultsPage = read(&h, &search("resolu", "&locale=fr")).await;
    assert_eq!(ids(&found.results.iter().map(|r| r.article.clone()).collect::<Vec<_>>()), vec![solved.id]);
    let hit = &found.results[0];
    assert_eq!(hit.result_type, "article");
    assert!(hit.snippet.contains("<em>"), "{}", hit.snippet);
    assert_eq!(found.pagination.count, Some(1));
    let accented: SearchResultsPage = read(&h, &search("R%C3%89SOLU", "&locale=fr")).await;
    assert_eq!(accented.results.len(), 1, "accents and case folded on the query too");
    let english: SearchResultsPage = read(&h, &search("resolu", "")).await;
    assert!(english.results.is_empty(), "en-us by default");

    let prefix: SearchResultsPage = read(&h, &search("quok", "")).await;
    let order: Vec<u64> = prefix.results.iter().map(|r| r.article.id).collect();
    assert_eq!(order, vec![in_title.id, in_body.id], "title above body; drafts never ({})", draft.id);
    assert!(prefix.results[1].snippet.contains("<em>quokka</em>"), "{}", prefix.results[1].snippet);

    // Several words: all of them first, any of them if no article has them all.
    let all: SearchResultsPage = read(&h, &search("quokka%20troubleshooting", "")).await;
    assert_eq!(all.results.len(), 1);
    let any: SearchResultsPage = read(&h, &search("quokka%20zebra", "")).await;
    assert_eq!(any.results.len(), 2);

    let paged: SearchResultsPage = read(&h, &search("quokka", "&per_page=1")).await;
    assert_eq!((paged.results.len(), paged.pagination.count), (1, Some(2)));
    let next: SearchResultsPage = read(&h, paged.pagination.next_page.as_deref().unwrap()).await;
    assert_eq!(next.results[0].article.id, in_body.id);
    h.server.stop().await;
}

#[tokio::test]
async fn search_input_never_breaks_the_server() {
    let h = seeded().await;
    for q in ["", "%20%20"] {
        let e = body(h.call(Method::GET, None, &format!("{HC}/articles/search.json?query={q}"), None).await, 422).await;
        assert!(e["details"]["query"].is_array(), "{q:?}: {e}");
    }
    let e = body(h.call(Method::GET, None, &format!("{HC}/articles/search.json"), None).await, 422).await;
    assert!(e["details"]["query"].is_array());
    let hostile = [
        "\"",
        "AND (",
        "NEAR(a",
        "*",
        "title:password",
        "^start",
        "a OR",
        "NOT",
        "(",
        ")",
        "-x",
        "'",
        "\"unclosed",
        "{title}:x",
        "a AND AND b",
        "%00",
        "é\u{301}",
        "💥",
        "x".repeat(500).as_str(),
    ]
    .map(str::to_owned);
    for q in hostile {
        let url = format!("{}{HC}/articles/search.json", h.server.base_url());
        let resp = h.http.get(url).query(&[("query", q.as_str()), ("locale", "en-us")]).send().await.unwrap();
        let code = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        assert!(code == 200 || code == 422, "{q:?} -> {code}: {text}");
        serde_json::from_str::<Value>(&text).expect("JSON either way");
    }
    let e =
        body(h.call(Method::GET, None, &format!("{HC}/articles/search.json?query=x&locale=xx"), None).await, 422).await;
    assert!(e["details"]["locale"].is_array());
    h.server.stop().await;
}

#[tokio::test]
async fn votes_count_once_per_user() {
    let h = seeded().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let article = walk(&h, &format!("{HC}/en-us/articles.json")).await[0].id;
    let up = format!("{HC}/articles/{article}/up.json");
    let down = format!("{HC}/articles/{article}/down.json");
    let vote =
        |resp, status| async move { serde_json::from_value::<VoteEnvelope>(body(resp, status).await).unwrap().vote };

    let first = vote(h.post(&ana, &up, json!({})).await, 201).await;
    assert_eq!((first.value, first.item_id, first.item_type.as_str()), (1, article, "Article"));
    assert_eq!(totals(&h, article).await, (1, 1));
    let replaced = vote(h.post(&ana, &down, json!({})).await, 200).await;
    assert_eq!((replaced.id, replaced.value), (first.id, -1), "voting again replaces the vote");
    assert_eq!(totals(&h, article).await, (-1, 1));
    vote(h.post(&ana, &down, json!({})).await, 200).await;
    assert_eq!(totals(&h, article).await, (-1, 1), "the same vote twice counts once");
    let theirs = vote(h.post(&bo, &up, json!({})).await, 201).await;
    assert_eq!(totals(&h, article).await, (0, 2));

    let delete = |id: u64| format!("{HC}/votes/{id}.json");
    assert_eq!(status(&h, Method::DELETE, Some(&bo), &delete(first.id), None).await, 404, "not Bo's vote");
    assert_eq!(status(&h, Method::DELETE, Some(&ana), &delete(first.id), None).await, 204);
    assert_eq!(status(&h, Method::DELETE, Some(&ana), &delete(first.id), None).await, 404);
    assert_eq!(totals(&h, article).await, (1, 1));

    for token in [None, Some(AGENT), Some("unknown")] {
        assert_eq!(status(&h, Method::POST, token, &up, Some(json!({}))).await, 401, "{token:?}");
        assert_eq!(status(&h, Method::DELETE, token, &delete(theirs.id), None).await, 401, "{token:?}");
    }
    assert_eq!(status(&h, Method::POST, Some(&ana), &format!("{HC}/articles/999999/up.json"), None).await, 404);

    // Idempotency-Key: a replayed vote returns the first answer and changes nothing.
    let carol = h.anon("carol").await;
    let keyed = |method: Method, path: &str, key: &str| {
        h.http.request(method, h.url(path)).bearer_auth(&carol).header("Idempotency-Key", key).send()
    };
    let once = keyed(Method::POST, &up, "vote-1").await.unwrap();
    let once = vote(once, 201).await;
    let again = keyed(Method::POST, &up, "vote-1").await.unwrap();
    assert_eq!(again.headers().get("Idempotent-Replayed").unwrap(), "true");
    assert_eq!(vote(again, 201).await, once);
    assert_eq!(totals(&h, article).await, (2, 2));
    let removed = keyed(Method::DELETE, &delete(once.id), "unvote-1").await.unwrap();
    assert_eq!(removed.status(), 204);
    let replayed = keyed(Method::DELETE, &delete(once.id), "unvote-1").await.unwrap();
    assert_eq!(replayed.status(), 204, "a retried delete gets the first answer, not a 404");
    assert_eq!(replayed.headers().get("Idempotent-Replayed").unwrap(), "true");
    assert_eq!(totals(&h, article).await, (1, 1));
    h.server.stop().await;
}

#[tokio::test]
async fn authoring_needs_the_agent_and_valid_fields() {
    let h = seeded().await;
    let user = h.anon("g").await;
    let section = first_section(&h).await;
    let create = format!("{HC}/sections/{section}/articles.json");
    let good = json!({"article": {"title": "Text message support", "body": "<p>Text us.</p>", "label_names": ["sms"]}});
    for token in [None, Some(user.as_str()), Some("unknown")] {
        assert_eq!(status(&h, Method::POST, token, &create, Some(good.clone())).await, 401, "{token:?}");
    }
    let field_of = |e: &Value| e["details"].as_object().unwrap().keys().next().unwrap().clone();
    let cases = [
        (json!({"body": "<p>b</p>"}), "title"),
        (json!({"title": "   ", "body": "<p>b</p>"}), "title"),
        (json!({"title": "x".repeat(256), "body": "<p>b</p>"}), "title"),
        (json!({"title": "T"}), "body"),
        (json!({"title": "T", "body": " "}), "body"),
        (json!({"title": "T", "body": "b", "locale": "de"}), "locale"),
    ];
    for (article, field) in cases {
        let e = body(h.post(AGENT, &create, json!({ "article": article })).await, 422).await;
        assert_eq!((e["error"].as_str(), field_of(&e).as_str()), (Some("RecordInvalid"), field), "{e}");
    }
    assert_eq!(
        status(&h, Method::POST, Some(AGENT), &format!("{HC}/sections/999999/articles.json"), Some(good.clone())).await,
        404
    );

    let created: ArticleEnvelope = serde_json::from_value(body(h.post(AGENT, &create, good).await, 201).await).unwrap();
    let a = created.article;
    assert_eq!(
        (a.section_id, a.locale.as_str(), a.draft, a.label_names.clone()),
        (section, "en-us", false, vec!["sms".to_owned()])
    );
    assert!(a.author_id.is_some() && a.edited_at.is_some());

    let put = format!("{HC}/articles/{}.json", a.id);
    assert_eq!(status(&h, Method::PUT, Some(&user), &put, Some(json!({"article": {"title": "x"}}))).await, 401);
    let e = body(h.put(AGENT, &put, json!({"article": {"title": ""}})).await, 422).await;
    assert_eq!(field_of(&e), "title");
    let e = body(h.put(AGENT, &put, json!({"article": {"section_id": 999999}})).await, 422).await;
    assert_eq!(field_of(&e), "section_id");
    let e = body(h.put(AGENT, &put, json!({"article": {"locale": "fr", "title": "Sans corps"}})).await, 422).await;
    assert_eq!(field_of(&e), "body", "a new translation needs a body");
    let promoted: ArticleEnvelope = serde_json::from_value(
        body(h.put(AGENT, &put, json!({"article": {"promoted": true, "position": 3}})).await, 200).await,
    )
    .unwrap();
    assert_eq!(
        (promoted.article.promoted, promoted.article.position, promoted.article.title.as_str()),
        (true, 3, "Text message support")
    );

    let fr = json!({"article": {"locale": "fr", "title": "Assistance par SMS", "body": "<p>Écrivez à Zéphyrin.</p>"}});
    let fr: ArticleEnvelope = serde_json::from_value(body(h.put(AGENT, &put, fr).await, 200).await).unwrap();
    assert_eq!((fr.article.id, fr.article.locale.as_str(), fr.article.promoted), (a.id, "fr", true));
    let shown: ArticleEnvelope = read(&h, &format!("{HC}/fr/articles/{}.json", a.id)).await;
    assert_eq!(shown.article.title, "Assistance par SMS");
    let searched: SearchResultsPage = read(&h, &format!("{HC}/articles/search.json?query=zephyrin&locale=fr")).await;
    assert_eq!(searched.results.len(), 1);

    assert_eq!(status(&h, Method::DELETE, Some(&user), &put, None).await, 401);
    assert_eq!(status(&h, Method::DELETE, Some(AGENT), &put, None).await, 204);
    assert_eq!(status(&h, Method::DELETE, Some(AGENT), &put, None).await, 404);
    assert_eq!(status(&h, Method::PUT, Some(AGENT), &put, Some(json!({"article": {"title": "Back?"}}))).await, 404);
    assert_eq!(status(&h, Method::GET, None, &format!("{HC}/fr/articles/{}.json", a.id), None).await, 404);
    let searched: SearchResultsPage = read(&h, &format!("{HC}/articles/search.json?query=zephyrin&locale=fr")).await;
    assert!(searched.results.is_empty(), "archived articles leave the search index");
    h.server.stop().await;
}

#[tokio::test]
async fn static_segments_win_over_the_locale() {
    let h = seeded().await;
    let article = walk(&h, &format!("{HC}/en-us/articles.json")).await[0].clone();
    let section = article.section_id;
    let results: SearchResultsPage = read(&h, &format!("{HC}/articles/search.json?query=the")).await;
    assert!(!results.results.is_empty(), "search.json is search, not an article id");
    let _: IncrementalArticlesPage = read(&h, &format!("{EXPORT}?start_time=0")).await;
    let listed = walk(&h, &format!("{HC}/sections/{section}/articles.json")).await;
    assert!(listed.iter().any(|a| a.id == article.id), "GET on the authoring path lists, in en-us");
    let _: ArticleEnvelope = read(&h, &format!("{HC}/articles/{}.json", article.id)).await;
    let _: ArticleAttachmentsPage = read(&h, &format!("{HC}/articles/{}/attachments.json", article.id)).await;
    let not_allowed = [
        (Method::GET, format!("{HC}/votes/1.json")),
        (Method::GET, format!("{HC}/articles/{}/up.json", article.id)),
        (Method::PUT, format!("{HC}/fr/articles/{}.json", article.id)),
        (Method::POST, format!("{HC}/articles/search.json")),
        (Method::DELETE, EXPORT.to_owned()),
    ];
    for (method, path) in not_allowed {
        let e = body(h.call(method.clone(), Some(AGENT), &path, None).await, 405).await;
        assert_eq!(e["error"], "MethodNotAllowed", "{method} {path}");
    }
    assert_eq!(status(&h, Method::GET, None, &format!("{HC}/incremental/nothing.json"), None).await, 404);
    h.server.stop().await;
}

#[tokio::test]
async fn attachments_are_listed_and_served() {
    let h = seeded().await;
    let articles = walk(&h, &format!("{HC}/en-us/articles.json?per_page=100")).await;
    let mut served = 0;
    for article in &articles {
        let page: ArticleAttachmentsPage =
            read(&h, &format!("{HC}/en-us/articles/{}/attachments.json", article.id)).await;
        for attachment in page.article_attachments {
            assert_eq!(attachment.article_id, article.id);
            let prefix = format!("{}/hc/article_attachments/{}/", h.server.base_url(), attachment.id);
            assert!(attachment.content_url.starts_with(&prefix), "{}", attachment.content_url);
            let resp = h.http.get(&attachment.content_url).send().await.unwrap();
            assert_eq!(resp.status(), 200, "{}", attachment.content_url);
            let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
            assert_eq!(content_type, attachment.content_type);
            let bytes = resp.bytes().await.unwrap();
            // Padded to the declared size, unless that is smaller than a valid file.
            let declared = attachment.size.min(5 * 1024 * 1024);
            assert!(bytes.len() as u64 == declared || (declared < 1024 && bytes.len() < 1024), "{attachment:?}");
            if attachment.content_type == "image/png" {
                assert_eq!(&bytes[1..4], b"PNG");
            }
            served += 1;
        }
    }
    let declared: usize = serde_json::from_str::<Value>(include_str!("../seed/help_center.json")).unwrap()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["attachments"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(served, declared, "every attachment of the seed file is listed and served");
    let wrong = h.call(Method::GET, None, "/hc/article_attachments/1/not-its-name.png", None).await;
    assert_eq!(body(wrong, 404).await["error"], "RecordNotFound");
    assert_eq!(status(&h, Method::GET, None, &format!("{HC}/en-us/articles/999999/attachments.json"), None).await, 404);
    h.server.stop().await;
}

#[tokio::test]
async fn generated_articles_fill_a_generated_section_once() {
    let dir = TempDir::new();
    let config = |n: usize| ServerConfig { generated_articles: n, ..ServerConfig::new(dir.db()) };
    let server = RunningServer::start(config(2000)).await.unwrap();
    let h = Harness { server, http: common::client(), dir: TempDir::new() };
    let page: ArticlesPage = read(&h, &format!("{HC}/en-us/articles.json")).await;
    assert_eq!(page.pagination.count, Some(2000));
    let categories: CategoriesPage = read(&h, &format!("{HC}/en-us/categories.json")).await;
    assert_eq!(categories.categories.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Generated"]);
    assert!(page.articles.iter().all(|a| a.body.len() >= 1000 && a.updated_at.as_str() < "2026-11-01"));

    // Words are common or rare, very differently.
    let hits = |q: &'static str| {
        let h = &h;
        async move {
            let r: SearchResultsPage = read(h, &format!("{HC}/articles/search.json?query={q}&per_page=1")).await;
            r.pagination.count.unwrap()
        }
    };
    let (common, rare) = (hits("account").await, hits("viber").await);
    assert!(common > 1500 && rare < 300 && rare > 0, "account: {common}, viber: {rare}");
    let (_, _, end_time) = export_all(&h, 0, "en-us", 1000).await;
    let (again, _, _) = export_all(&h, end_time, "en-us", 1000).await;
    assert!(again.is_empty(), "generated articles are in the past");
    h.server.stop().await;

    // Restarting adds only what is missing, with the same content.
    let server = RunningServer::start(config(2500)).await.unwrap();
    let h2 = Harness { server, http: common::client(), dir: TempDir::new() };
    let page: ArticlesPage = read(&h2, &format!("{HC}/en-us/articles.json")).await;
    assert_eq!(page.pagination.count, Some(2500));
    h2.server.stop().await;
}
