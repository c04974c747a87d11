//! The help center screen, as a user sees it: the device's help center at once, the helpdesk's
//! after, search as they type, the article they open, their vote.

use std::sync::{Arc, Mutex};

use helpline_core::{
    Error, HelpCenterLoad, HelpCenterScreen, HelpCenterState, HelpCenterStatus, HelpCenterSync, Helpline, SearchSource,
    VoteValue,
};
use helpline_e2e::{Harness, Seen};
use helpline_server::Fault;
use serde_json::json;

async fn demo() -> Harness {
    Harness::start_with(|c| c.seed_demo = true).await
}

/// The screen once its first sync landed.
async fn synced(sdk: &Helpline) -> (HelpCenterScreen, Seen<HelpCenterState>) {
    let screen = sdk.help_center_screen();
    let seen = Seen::watch(|l| screen.subscribe(l));
    seen.until("synced", |s| matches!(s.cache.sync, HelpCenterSync::Synced { .. }) && !s.categories.is_empty()).await;
    (screen, seen)
}

/// How long the helpdesk holds a slow search.
const HELD: std::time::Duration = std::time::Duration::from_secs(1);

fn is_online(s: &HelpCenterState, query: &str) -> bool {
    s.search.query == query && s.search.results.as_ref().is_some_and(|r| r.source == SearchSource::Online)
}

#[tokio::test]
async fn browsing_goes_from_categories_to_a_section_to_an_article_and_back() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let screen = sdk.help_center_screen();
    assert_eq!(screen.state().status, HelpCenterStatus::Loading, "opens at once, before reading anything");
    let seen = Seen::watch(|l| screen.subscribe(l));
    let home = seen.until("synced", |s| matches!(s.cache.sync, HelpCenterSync::Synced { .. })).await;
    assert_eq!(home.status, HelpCenterStatus::Ready);
    assert_eq!(home.locale, "en-us");
    assert!(home.categories.len() >= 3 && home.categories.iter().all(|c| !c.sections.is_empty()), "{home:?}");
    assert!(home.cache.has_content() && home.cache.usage.is_some_and(|u| u.bodies_cached > 0), "{:?}", home.cache);

    let account = home.categories.iter().find(|c| c.category.name.starts_with("Account")).unwrap().clone();
    screen.open_category(account.category.id).await.unwrap();
    assert_eq!(screen.state().category.map(|c| c.sections), Some(account.sections.clone()));
    let sign_in = account.sections.iter().find(|s| s.name == "Sign-in and password").unwrap();
    screen.open_section(sign_in.id).await.unwrap();
    let section = screen.state().section.unwrap();
    assert_eq!(section.load, HelpCenterLoad::Ready);
    let reset = section.articles.iter().find(|a| a.title == "Resetting your password").expect("listed").clone();
    assert!(section.articles.iter().all(|a| a.section_id == sign_in.id && a.body_cached));

    screen.open_article(reset.id).await.unwrap();
    let open = screen.state().article.unwrap();
    assert_eq!(
        (open.load, open.source, open.title.as_str()),
        (HelpCenterLoad::Ready, Some(SearchSource::Online), "Resetting your password")
    );
    let body = open.article.unwrap().body_html.unwrap();
    assert!(body.contains("<p") && !body.contains("<script"), "sanitized HTML: {body}");
    assert!(!open.related.is_empty() && open.related.len() <= 5, "{:?}", open.related);
    assert!(open.related.iter().all(|a| a.id != reset.id), "never itself");

    assert!(screen.back(), "closes the article");
    let state = screen.state();
    assert!(state.article.is_none() && state.section.as_ref().map(|s| s.section.id) == Some(sign_in.id));
    assert!(screen.back() && screen.back(), "then the section, then the category");
    assert!(!screen.back(), "nothing left to close: the app leaves the screen");
    assert_eq!(screen.open_section(999_999).await, Err(Error::NotFound { what: "section 999999".into() }));
}

#[tokio::test]
async fn typing_a_search_shows_offline_results_at_once_and_online_ones_after() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, seen) = synced(&sdk).await;

    screen.set_query("passw".into()).await.unwrap();
    let now = screen.state().search;
    let offline = now.results.expect("the device's results when set_query returns");
    assert_eq!((offline.source, &now.load), (SearchSource::Offline, &HelpCenterLoad::Loading));
    assert!(offline.hits.iter().any(|h| h.article.title == "Resetting your password"), "a prefix matches: {offline:?}");
    assert!(offline.hits.iter().all(|h| h.source == SearchSource::Offline));

    let online = seen.until("the helpdesk's results", |s| is_online(s, "passw")).await;
    assert_eq!(online.search.load, HelpCenterLoad::Ready);
    assert!(online.search.results.unwrap().hits.iter().all(|h| h.source == SearchSource::Online));

    screen.set_query("?!".into()).await.unwrap();
    assert!(
        matches!(&screen.state().search.load, HelpCenterLoad::Failed { error: Error::Validation { field, .. } } if field == "query"),
        "a query without words says so: {:?}",
        screen.state().search
    );
    screen.set_query("  ".into()).await.unwrap();
    let cleared = screen.state().search;
    assert!(cleared.results.is_none() && cleared.load == HelpCenterLoad::Ready, "{cleared:?}");
}

#[tokio::test]
async fn a_slow_answer_to_an_older_query_never_replaces_the_newer_query_s() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, _seen) = synced(&sdk).await;
    let password = sdk.help_center().search("password", 20).await.unwrap().hits;
    let all: Arc<Mutex<Vec<HelpCenterState>>> = Arc::default();
    let sink = Arc::clone(&all);
    let _all = screen.subscribe(Arc::new(move |s: HelpCenterState| sink.lock().unwrap().push(s)));

    // The helpdesk takes long to answer the first query; the user types another meanwhile.
    h.faults().push("articles/search", Fault::Delay(HELD));
    screen.set_query("password".into()).await.unwrap();
    let seen = Seen::watch(|l| screen.subscribe(l));
    helpline_e2e::eventually("the first search asked", || h.faults().queued() == 0).await;
    screen.set_query("invoice".into()).await.unwrap();
    let shown = seen.until("the newer query's online results", |s| is_online(s, "invoice")).await;
    let invoices = shown.search.results.unwrap().hits;
    assert!(invoices.iter().any(|h| h.article.title.contains("invoices")), "{invoices:?}");
    assert_ne!(invoices, password);
    // A search held as long, asked after the older one: once it is answered, the older one's
    // answer would have come (had it not been dropped with its query).
    h.faults().push("articles/search", Fault::Delay(HELD));
    sdk.help_center().search("refund", 20).await.unwrap();
    let all = all.lock().unwrap();
    assert!(is_online(all.last().unwrap(), "invoice"), "still the newer query's: {:?}", all.last());
    let under_newer = all.iter().filter(|s| s.search.query == "invoice").filter_map(|s| s.search.results.as_ref());
    assert!(under_newer.clone().all(|r| r.hits != password), "the older query's answer never shown under the newer");
    assert!(under_newer.count() >= 2, "the device's results first, then the helpdesk's");
}

#[tokio::test]
async fn an_article_opened_offline_that_was_never_cached_says_so() {
    let mut h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, seen) = synced(&sdk).await;
    let cached = sdk.help_center().articles(None).unwrap()[0].clone();
    let section = cached.section_id as u64;
    let fresh = h.agent_create_article(section, "Kumquat deliveries", "<p>Kumquats ship on Mondays.</p>").await;
    screen.set_query("kumquat".into()).await.unwrap();
    assert!(screen.state().search.results.unwrap().hits.is_empty(), "not on the device yet");
    let found = seen.until("found on the helpdesk", |s| is_online(s, "kumquat")).await;
    assert_eq!(found.search.results.unwrap().hits[0].article.id, fresh.id as i64);

    h.stop_server().await;
    screen.open_article(fresh.id as i64).await.unwrap();
    let open = screen.state().article.unwrap();
    assert_eq!(open.title, "Kumquat deliveries", "the title the search gave");
    assert!(open.article.is_none());
    let HelpCenterLoad::Failed { error: Error::Offline { reason } } = &open.load else { panic!("{open:?}") };
    assert!(reason.contains(&format!("article {}", fresh.id)) && reason.contains("not on this device"), "{reason}");

    screen.back();
    screen.open_article(cached.id).await.unwrap();
    let open = screen.state().article.unwrap();
    assert_eq!((open.source, &open.load), (Some(SearchSource::Offline), &HelpCenterLoad::Ready));
    assert!(open.fallback_reason.is_some() && open.article.unwrap().body_html.is_some(), "the device's copy, said so");
}

#[tokio::test]
async fn back_from_a_search_closes_its_article_then_the_search_then_leaves() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, seen) = synced(&sdk).await;
    screen.set_query("password".into()).await.unwrap();
    let found = seen.until("the helpdesk's results", |s| is_online(s, "password")).await;
    let hit = found.search.results.unwrap().hits[0].article.id;
    screen.open_article(hit).await.unwrap();

    assert!(screen.back(), "closes the article");
    let results = screen.state();
    assert!(results.article.is_none() && results.search.query == "password" && results.search.results.is_some());
    assert!(screen.back(), "then the search");
    let cleared = screen.state();
    assert!(cleared.search.query.is_empty() && cleared.search.results.is_none(), "{:?}", cleared.search);
    assert!(!screen.back(), "nothing left to close: the app leaves the screen");
}

#[tokio::test]
async fn an_article_opened_while_another_still_loads_shows_its_own_content_only() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, _seen) = synced(&sdk).await;
    let articles = sdk.help_center().articles(None).unwrap();
    let (a, b) = (articles[0].clone(), articles[1].clone());
    let all: Arc<Mutex<Vec<HelpCenterState>>> = Arc::default();
    let sink = Arc::clone(&all);
    let _all = screen.subscribe(Arc::new(move |s: HelpCenterState| sink.lock().unwrap().push(s)));

    // The helpdesk is slow with A; the user opens B meanwhile.
    h.faults().push(&format!("articles/{}.json", a.id), Fault::Delay(HELD));
    let opening_a = tokio::spawn({
        let screen = screen.clone();
        async move { screen.open_article(a.id).await }
    });
    helpline_e2e::eventually("A asked of the helpdesk", || h.faults().queued() == 0).await;
    screen.open_article(b.id).await.unwrap();
    opening_a.await.unwrap().unwrap();
    // A sync lands while B is open: the device is read again for B.
    sdk.help_center().sync().await.unwrap();

    let open = screen.state().article.unwrap();
    assert_eq!((open.id, open.title.as_str(), &open.load), (b.id, b.title.as_str(), &HelpCenterLoad::Ready));
    assert_eq!(open.article.map(|x| x.summary.id), Some(b.id), "B's content");
    let all = all.lock().unwrap();
    let under_b = all.iter().filter_map(|s| s.article.as_ref()).filter(|o| o.id == b.id);
    for open in under_b {
        assert!(open.article.as_ref().is_none_or(|x| x.summary.id == b.id), "A's content under B: {open:?}");
        assert!(open.related.iter().all(|r| r.id != b.id), "B's related, never B itself: {:?}", open.related);
    }
}

#[tokio::test]
async fn a_vote_shows_at_once_and_survives_reopening() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, _seen) = synced(&sdk).await;
    let article = sdk.help_center().articles(None).unwrap()[2].clone();
    assert!(matches!(screen.vote(VoteValue::Up).await, Err(Error::Validation { .. })), "no article open");

    screen.open_article(article.id).await.unwrap();
    assert_eq!(screen.state().article.unwrap().article.unwrap().my_vote, None);
    screen.vote(VoteValue::Up).await.unwrap();
    let voted = screen.state().article.unwrap().article.unwrap();
    assert_eq!(voted.my_vote, Some(VoteValue::Up), "shown when vote returns");
    assert_eq!(voted.summary.vote_count, article.vote_count + 1, "counted in the totals at once");

    screen.back();
    screen.open_article(article.id).await.unwrap();
    assert_eq!(screen.state().article.unwrap().article.unwrap().my_vote, Some(VoteValue::Up), "reopened");
    let another = sdk.help_center_screen();
    another.open_article(article.id).await.unwrap();
    assert_eq!(another.state().article.unwrap().article.unwrap().my_vote, Some(VoteValue::Up), "another screen");

    // Ana signs out: the vote was hers, the article stays open.
    let seen = Seen::watch(|l| screen.subscribe(l));
    sdk.clear_identity().await.unwrap();
    let mine = |s: &HelpCenterState| s.article.as_ref().and_then(|a| a.article.as_ref()).map(|a| a.my_vote);
    seen.until("no vote of the next user's", |s| mine(s) == Some(None)).await;
}

#[tokio::test]
async fn switched_off_by_the_helpdesk_the_screen_says_so_and_comes_back() {
    let h = demo().await;
    let sdk = h.sdk("Ana").await;
    let (screen, seen) = synced(&sdk).await;
    screen.open_category(screen.state().categories[0].category.id).await.unwrap();

    h.agent_set_settings(json!({"help_center": {"enabled": false}})).await;
    sdk.refresh_settings().await.unwrap();
    let off = seen.until("switched off", |s| s.status == HelpCenterStatus::Disabled).await;
    assert!(off.categories.is_empty() && off.category.is_none() && off.search.results.is_none(), "{off:?}");
    assert!(matches!(screen.set_query("password".into()).await, Err(Error::FeatureDisabled { .. })));

    h.agent_set_settings(json!({"help_center": {"enabled": true}})).await;
    sdk.refresh_settings().await.unwrap();
    let back = seen.until("on again", |s| s.status == HelpCenterStatus::Ready && !s.categories.is_empty()).await;
    assert!(back.cache.has_content());
}
