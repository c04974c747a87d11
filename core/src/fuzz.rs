//! Entry points of the fuzz targets (`fuzz/`, feature `fuzzing`). Each drives one path that
//! reads what a helpdesk sends, exactly as the SDK does, and checks what that path promises:
//! a panic or a failed assertion is a finding. Not part of the API.

use std::collections::HashMap;
use std::path::PathBuf;

use helpline_protocol as wire;
use reqwest::StatusCode;
use url::Url;

use crate::help_center::{sanitize, search, sync, text};
use crate::outbox::{MAX_DELAY_MS, is_due, millis, retry_plan};
use crate::push::payload::{self, Push};
use crate::transport::{MAX_RETRY_AFTER, error_for, parse_retry_after};
use crate::{Config, Helpline};

const HELPDESK: &str = "https://help.example.com/";
const LOCALE: &str = "en-us";

/// An article body through text extraction (the search index), keyword and query building,
/// and the WebView sanitizer under both image policies.
pub fn article_html(html: &str) {
    let extracted = text::html_to_text(html);
    let language = helpline_text::Language::of(LOCALE);
    let keywords = language.keywords(&extracted, 24);
    let terms: Vec<_> =
        keywords.iter().map(|w| helpline_text::Term::new(&language, w, false, &Default::default())).collect();
    let _ = helpline_text::Term::all(&terms);
    let _ = helpline_text::Term::any(&terms);
    let _ = sanitize::snippet(html);
    let helpdesk = Url::parse(HELPDESK).expect("a valid URL");
    for remote_images in [false, true] {
        let clean = sanitize::sanitize(html, &helpdesk, remote_images);
        if let Err(broken) = sanitize::check_url_policy(&clean, &helpdesk, remote_images) {
            panic!("{broken}");
        }
    }
}

/// A push payload: understood pushes name positive ids; anything over a push's size is refused.
pub fn push_payload(text: &str) {
    match payload::parse(text) {
        Ok(Push::TicketUpdated { ticket_id }) => assert!(ticket_id > 0),
        Ok(Push::Message { conversation_id, ticket_id }) => {
            assert!(conversation_id > 0 && ticket_id != Some(0));
        }
        Err(_) => {}
    }
}

/// A helpdesk's error answer (status, `Retry-After`, body) mapped to the SDK's error, and
/// that error through the outbox's retry plan: no wait ever exceeds the clamp, and a write
/// scheduled with it stays due within it.
pub fn error_answer(status: u16, retry_after: &str, body: &[u8], attempts: u32) {
    let Ok(status) = StatusCode::from_u16(status) else { return };
    if status.is_success() {
        return;
    }
    let wait = parse_retry_after(retry_after);
    assert!(wait.is_none_or(|w| w <= MAX_RETRY_AFTER), "Retry-After {retry_after:?} read as {wait:?}");
    let error = error_for(status, body, wait);
    let _ = error.to_string();
    if let Some(delay) = retry_plan(&error, i32::try_from(attempts).unwrap_or(i32::MAX)) {
        assert!(delay <= MAX_RETRY_AFTER, "{error:?} after {attempts} attempts waits {delay:?}");
        let delay_ms = millis(delay);
        assert!(delay_ms <= MAX_DELAY_MS);
        let now = 1_700_000_000_000i64;
        let at = now.saturating_add(delay_ms);
        assert!(!is_due(at, now) || delay_ms == 0, "a scheduled write went early");
        assert!(is_due(at, at));
    }
}

/// An SDK opened on a fresh data directory (a real SQLite file) whose helpdesk never
/// answers: what the targets feed it comes only through the paths under test.
pub struct Device {
    helpline: Helpline,
    dir: PathBuf,
}

impl Default for Device {
    fn default() -> Self {
        Self::new()
    }
}

impl Device {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("helpline-fuzz-{}", uuid::Uuid::new_v4()));
        // Port 9 (discard) on loopback: every call the background tasks make fails at once.
        let config = Config::new("http://127.0.0.1:9", "fuzz", "fuzz", &dir);
        let helpline = Helpline::open(config).expect("the SDK opens on an empty directory");
        Self { helpline, dir }
    }

    /// One server frame through the realtime handler, as the WebSocket session applies it.
    pub fn server_frame(&self, text: &str) {
        crate::messaging::realtime::handle(self.helpline.chat_core(), text);
        self.helpline.messaging().messages().expect("chat stays readable after any frame");
    }

    /// One page of the article export, decoded as the transport does and written as a sync
    /// writes it; then each article kept is the page's last word on it, and searchable.
    pub fn export_page(&self, json: &[u8]) {
        let Ok(page) = serde_json::from_slice::<wire::IncrementalArticlesPage>(json) else { return };
        let store = &self.helpline.chat_core().store;
        store
            .write(|tx| Ok(tx.execute_batch("DELETE FROM hc_articles; DELETE FROM hc_articles_fts;")?))
            .expect("the cache is writable");
        store.write(|tx| sync::apply_export_page(tx, LOCALE, &page, 1)).expect("any decodable export page is written");
        // Per id, the titles it may show (a repeat with the same `updated_at` is "unchanged"),
        // or none when a draft or a deletion came last.
        let mut expected: HashMap<u64, Vec<&str>> = HashMap::new();
        for article in &page.articles {
            let titles = expected.entry(article.id).or_default();
            if article.draft {
                titles.clear();
            } else {
                titles.push(article.title.as_str());
            }
        }
        for id in page.deleted_article_ids.iter().flatten() {
            expected.insert(*id, Vec::new());
        }
        for (id, titles) in expected {
            // Past i64 an id is never cached (SQLite's integers): the page set such records aside.
            let Ok(id) = i64::try_from(id) else { continue };
            let cached: Option<String> = store
                .read(|c| {
                    use rusqlite::OptionalExtension;
                    Ok(c.query_row("SELECT title FROM hc_articles WHERE locale = ?1 AND id = ?2", (LOCALE, id), |r| {
                        r.get(0)
                    })
                    .optional()?)
                })
                .expect("the cache is readable");
            match &cached {
                None => assert!(titles.is_empty(), "article {id} missing"),
                Some(title) => assert!(titles.contains(&title.as_str()), "article {id} shows {title:?}"),
            }
            if let Some(title) = cached {
                // Any title is a query the search takes, or refuses with a reason.
                let matching = search::Matching::new(LOCALE, Default::default());
                match store.read(|c| search::offline(c, LOCALE, &title, 5, &matching)) {
                    Ok(_) | Err(crate::Error::Validation { .. }) => {}
                    Err(e) => panic!("searching {title:?}: {e:?}"),
                }
            }
        }
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
