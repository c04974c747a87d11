//! The demo help center of `server/seed/help_center.json`: categories, sections and articles
//! keyed by `key`, texts per locale, optional article `attachments`. Loading is idempotent
//! (a key already in the database is skipped) and forgiving (missing optional fields take
//! defaults; an unknown locale or a dangling reference is skipped with a warning).
//! Timestamps are fixed dates in the past, varied per article, never "now": an SDK's
//! incremental sync right after a full sync finds nothing new.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Deserialize;

use super::locale::parse_locale;
use super::store::{self, NewArticle, NewTranslation};
use crate::time::past_anchor;

pub(crate) const DEMO_JSON: &str = include_str!("../../seed/help_center.json");

const HOUR_MICROS: i64 = 3_600_000_000;
const DAY_MICROS: i64 = 24 * HOUR_MICROS;
/// 2026-10-01T09:00:00Z: when the demo articles were written.
const BASE_MICROS: i64 = 1_790_845_200_000_000;

/// Text per locale (`{"en-us": "...", "fr": "..."}`).
type Localized = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
pub(crate) struct SeedFile {
    #[serde(default)]
    categories: Vec<SeedCategory>,
    #[serde(default)]
    sections: Vec<SeedSection>,
    #[serde(default)]
    articles: Vec<SeedArticle>,
}

#[derive(Debug, Deserialize)]
struct SeedCategory {
    key: String,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    name: Localized,
    #[serde(default)]
    description: Localized,
}

#[derive(Debug, Deserialize)]
struct SeedSection {
    key: String,
    category: String,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    name: Localized,
    #[serde(default)]
    description: Localized,
}

#[derive(Debug, Deserialize)]
struct SeedArticle {
    key: String,
    section: String,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    promoted: bool,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    label_names: Vec<String>,
    #[serde(default)]
    title: Localized,
    #[serde(default)]
    body: Localized,
    #[serde(default)]
    attachments: Vec<SeedAttachment>,
}

#[derive(Debug, Deserialize)]
struct SeedAttachment {
    file_name: String,
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    inline: bool,
}

/// What a load added.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Added {
    pub categories: usize,
    pub sections: usize,
    pub articles: usize,
    pub attachments: usize,
}

pub(crate) fn parse(json: &str) -> anyhow::Result<SeedFile> {
    Ok(serde_json::from_str(json)?)
}

/// Adds whatever of `file` the database lacks; run it inside a transaction.
pub(crate) fn load(conn: &Connection, file: &SeedFile, author_id: i64) -> anyhow::Result<Added> {
    // Articles are written 3 hours apart and edited up to 7 days later.
    let base = past_anchor(BASE_MICROS, file.articles.len() as i64 * 3 * HOUR_MICROS + 7 * DAY_MICROS);
    let mut added = Added::default();

    for (i, c) in file.categories.iter().enumerate() {
        if store::seeded_id(conn, "hc_categories", &c.key)?.is_some() {
            continue;
        }
        let at = base - 7 * DAY_MICROS + i as i64 * HOUR_MICROS;
        let id = store::insert_category(conn, Some(&c.key), c.position, at)?;
        for (locale, name) in translations(&c.name, &c.key) {
            let description = c.description.get(locale).map_or("", String::as_str);
            store::put_category_translation(conn, id, locale, name, description, at)?;
        }
        added.categories += 1;
    }

    for (i, s) in file.sections.iter().enumerate() {
        if store::seeded_id(conn, "hc_sections", &s.key)?.is_some() {
            continue;
        }
        let Some(category_id) = store::seeded_id(conn, "hc_categories", &s.category)? else {
            tracing::warn!("seed: section {:?} names an unknown category {:?}; skipped", s.key, s.category);
            continue;
        };
        let at = base - 6 * DAY_MICROS + i as i64 * HOUR_MICROS;
        let id = store::insert_section(conn, category_id, Some(&s.key), s.position, at)?;
        for (locale, name) in translations(&s.name, &s.key) {
            let description = s.description.get(locale).map_or("", String::as_str);
            store::put_section_translation(conn, id, locale, name, description, at)?;
        }
        added.sections += 1;
    }

    for (i, a) in file.articles.iter().enumerate() {
        if store::seeded_id(conn, "hc_articles", &a.key)?.is_some() {
            continue;
        }
        let Some(section_id) = store::seeded_id(conn, "hc_sections", &a.section)? else {
            tracing::warn!("seed: article {:?} names an unknown section {:?}; skipped", a.key, a.section);
            continue;
        };
        let texts: Vec<(&str, &str, &str)> = translations(&a.title, &a.key)
            .filter_map(|(locale, title)| Some((locale, title, a.body.get(locale)?.as_str())))
            .collect();
        if texts.is_empty() {
            tracing::warn!("seed: article {:?} has no title and body in a known locale; skipped", a.key);
            continue;
        }
        // Written a few hours apart from 2026-10-01, edited one to six days later.
        let h = fnv1a(&a.key);
        let created_at = base + i as i64 * 3 * HOUR_MICROS + (h % 60) as i64 * 60_000_000;
        let updated_at = created_at + (1 + (h >> 8) % 6) as i64 * DAY_MICROS + ((h >> 16) % 720) as i64 * 60_000_000;
        let article = NewArticle {
            section_id,
            author_id: Some(author_id),
            position: a.position,
            promoted: a.promoted,
            label_names: &a.label_names,
            seed_key: Some(&a.key),
            created_at,
        };
        let id = store::insert_article(conn, &article)?;
        for (locale, title, body) in texts {
            let translation = NewTranslation {
                locale,
                title,
                body,
                body_text: None,
                draft: a.draft,
                created_at,
                updated_at,
                edited_at: Some(updated_at),
            };
            store::insert_translation(conn, id, &translation)?;
        }
        for f in &a.attachments {
            let content_type = f.content_type.clone().unwrap_or_else(|| guess_content_type(&f.file_name).into());
            store::insert_attachment(conn, id, &f.file_name, &content_type, f.size, f.inline, created_at)?;
            added.attachments += 1;
        }
        added.articles += 1;
    }
    Ok(added)
}

/// The (locale, text) pairs of known locales; others are reported and skipped.
fn translations<'a>(texts: &'a Localized, key: &'a str) -> impl Iterator<Item = (&'static str, &'a str)> + 'a {
    texts.iter().filter_map(move |(locale, text)| match parse_locale(locale) {
        Some(locale) => Some((locale, text.as_str())),
        None => {
            tracing::warn!("seed: {key:?} has text in unknown locale {locale:?}; skipped");
            None
        }
    })
}

fn guess_content_type(file_name: &str) -> &'static str {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

/// A stable hash of a key, to vary the seeded dates per article.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::time::now_micros;

    fn temp_db() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("helpline-seed-{}", uuid::Uuid::new_v4()));
        let (db, _) = Db::open(&dir.join("t.sqlite3")).unwrap();
        (db, dir)
    }

    fn load_into(db: &Db, json: &str) -> Added {
        let file = parse(json).unwrap();
        db.blocking(|conn| {
            let tx = conn.transaction()?;
            let added = load(&tx, &file, 1)?;
            tx.commit()?;
            Ok(added)
        })
        .unwrap()
    }

    #[test]
    fn the_demo_file_loads_whole_and_once() {
        let (db, dir) = temp_db();
        let file = parse(DEMO_JSON).unwrap();
        let added = load_into(&db, DEMO_JSON);
        assert_eq!(
            (added.categories, added.sections, added.articles),
            (file.categories.len(), file.sections.len(), file.articles.len()),
            "nothing in the demo file is skipped"
        );
        assert_eq!(load_into(&db, DEMO_JSON), Added::default());
        let newest: i64 = db
            .blocking(|c| Ok(c.query_row("SELECT MAX(updated_at) FROM hc_article_translations", [], |r| r.get(0))?))
            .unwrap();
        assert!(newest < now_micros() - 7 * DAY_MICROS, "seeded dates are well in the past");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn optional_fields_may_be_missing() {
        let (db, dir) = temp_db();
        let json = r#"{
            "categories": [{"key": "c", "name": {"en-us": "C", "de": "ignored"}}],
            "sections": [{"key": "s", "category": "c", "name": {"en-us": "S"}},
                         {"key": "orphan", "category": "nope", "name": {"en-us": "O"}}],
            "articles": [
                {"key": "a", "section": "s", "title": {"en-us": "A", "fr": "A fr"}, "body": {"en-us": "<p>a</p>"},
                 "attachments": [{"file_name": "shot.png", "size": 2048, "inline": true}, {"file_name": "notes"}]},
                {"key": "lost", "section": "orphan", "title": {"en-us": "L"}, "body": {"en-us": "l"}},
                {"key": "empty", "section": "s"}
            ],
            "future_field": true
        }"#;
        let added = load_into(&db, json);
        assert_eq!(added, Added { categories: 1, sections: 1, articles: 1, attachments: 2 });
        let types: Vec<String> = db
            .blocking(|c| {
                let mut stmt = c.prepare("SELECT content_type FROM hc_article_attachments ORDER BY id")?;
                Ok(stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
            })
            .unwrap();
        assert_eq!(types, vec!["image/png", "application/octet-stream"]);
        let locales: i64 = db
            .blocking(|c| Ok(c.query_row("SELECT COUNT(*) FROM hc_article_translations", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(locales, 1, "a title without a body is no translation");
        let _ = std::fs::remove_dir_all(dir);
    }
}
