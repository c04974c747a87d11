//! Synthetic articles for benchmarks (`--generate-articles N`): N English articles of about
//! 1 KB each in a "Generated" category, written from a support vocabulary drawn with Zipf
//! frequencies, so that some words are in nearly every article and others in a few percent of
//! them. Deterministic: article i always has the same text, whatever N. Idempotent: a database
//! that already holds some generated articles only gets the missing ones.

use rusqlite::{Connection, params};

use super::locale::DEFAULT_LOCALE;
use super::store::{self, NewArticle, NewTranslation};
use crate::db::Db;
use crate::time::past_anchor;

const CATEGORY_KEY: &str = "helpline-generated";
const SECTION_KEY: &str = "helpline-generated";
const ARTICLE_KEY_PREFIX: &str = "helpline-generated-";
/// Body length the text grows to, in bytes of HTML.
const TARGET_BODY_BYTES: usize = 1000;
/// Steepness of the word frequencies: word r is drawn about 1/r^1.2 as often as the first.
const ZIPF_EXPONENT: f64 = 1.2;
const DAY_MICROS: i64 = 86_400_000_000;
/// 2026-09-01T00:00:00Z: generated articles are older than any real sync.
const BASE_MICROS: i64 = 1_788_220_800_000_000;

/// Support words, most frequent first.
const VOCABULARY: &[&str] = &[
    "the",
    "to",
    "your",
    "and",
    "you",
    "a",
    "of",
    "in",
    "account",
    "can",
    "for",
    "is",
    "on",
    "app",
    "with",
    "support",
    "settings",
    "if",
    "ticket",
    "this",
    "it",
    "from",
    "request",
    "be",
    "email",
    "open",
    "tap",
    "when",
    "help",
    "an",
    "team",
    "message",
    "order",
    "or",
    "we",
    "new",
    "select",
    "password",
    "that",
    "page",
    "update",
    "sign",
    "change",
    "check",
    "agent",
    "device",
    "contact",
    "time",
    "data",
    "notification",
    "profile",
    "reply",
    "status",
    "problem",
    "phone",
    "chat",
    "add",
    "screen",
    "save",
    "version",
    "payment",
    "button",
    "menu",
    "link",
    "issue",
    "error",
    "access",
    "share",
    "details",
    "choose",
    "login",
    "browser",
    "delete",
    "question",
    "answer",
    "create",
    "list",
    "information",
    "web",
    "mobile",
    "option",
    "feature",
    "send",
    "view",
    "billing",
    "invoice",
    "connect",
    "network",
    "security",
    "helpdesk",
    "refund",
    "subscription",
    "plan",
    "language",
    "search",
    "article",
    "knowledge",
    "attachment",
    "upload",
    "download",
    "file",
    "photo",
    "camera",
    "storage",
    "sync",
    "offline",
    "online",
    "restart",
    "install",
    "uninstall",
    "reinstall",
    "permissions",
    "privacy",
    "cookies",
    "cache",
    "clear",
    "reset",
    "verify",
    "code",
    "two-factor",
    "authentication",
    "username",
    "address",
    "confirm",
    "cancel",
    "schedule",
    "callback",
    "queue",
    "wait",
    "hours",
    "business",
    "weekend",
    "holiday",
    "response",
    "priority",
    "urgent",
    "solved",
    "pending",
    "closed",
    "reopen",
    "follow-up",
    "feedback",
    "rating",
    "review",
    "store",
    "android",
    "iphone",
    "tablet",
    "desktop",
    "windows",
    "mac",
    "linux",
    "wifi",
    "bluetooth",
    "battery",
    "location",
    "map",
    "delivery",
    "shipping",
    "tracking",
    "package",
    "return",
    "exchange",
    "warranty",
    "receipt",
    "discount",
    "coupon",
    "voucher",
    "gift",
    "card",
    "credit",
    "debit",
    "bank",
    "transfer",
    "currency",
    "tax",
    "price",
    "trial",
    "upgrade",
    "downgrade",
    "renewal",
    "license",
    "seat",
    "workspace",
    "organization",
    "admin",
    "role",
    "invite",
    "member",
    "group",
    "channel",
    "widget",
    "integration",
    "webhook",
    "token",
    "api",
    "endpoint",
    "limit",
    "quota",
    "export",
    "import",
    "backup",
    "restore",
    "history",
    "archive",
    "label",
    "tag",
    "filter",
    "sort",
    "report",
    "dashboard",
    "analytics",
    "metrics",
    "calendar",
    "reminder",
    "alarm",
    "sound",
    "vibration",
    "theme",
    "dark",
    "font",
    "accessibility",
    "screenreader",
    "captions",
    "translation",
    "timezone",
    "region",
    "country",
    "compliance",
    "gdpr",
    "consent",
    "retention",
    "encryption",
    "firewall",
    "proxy",
    "vpn",
    "certificate",
    "outage",
    "maintenance",
    "incident",
    "degraded",
    "latency",
    "timeout",
    "crash",
    "freeze",
    "slow",
    "blank",
    "missing",
    "duplicate",
    "corrupted",
    "expired",
    "locked",
    "suspended",
    "banned",
    "spam",
    "phishing",
    "fraud",
    "chargeback",
    "dispute",
    "escalation",
    "supervisor",
    "macro",
    "trigger",
    "automation",
    "sla",
    "csat",
    "nps",
    "survey",
    "onboarding",
    "tutorial",
    "walkthrough",
    "troubleshooting",
    "diagnostics",
    "logs",
    "screenshot",
    "barcode",
    "qr",
    "kiosk",
    "printer",
    "scanner",
    "headset",
    "microphone",
    "speaker",
    "voicemail",
    "sms",
    "whatsapp",
    "messenger",
    "telegram",
    "wechat",
    "line",
    "kakao",
    "viber",
];

/// Inserts the generated articles missing from the database, up to `count`, in one transaction.
pub(crate) fn generate_articles(db: &Db, count: usize, author_id: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let added = db.blocking(|conn| {
        let tx = conn.transaction()?;
        let added = generate(&tx, count, author_id as i64)?;
        tx.commit()?;
        Ok(added)
    })?;
    tracing::info!("generated {added} help center articles ({count} wanted) in {:?}", started.elapsed());
    Ok(())
}

fn generate(conn: &Connection, count: usize, author_id: i64) -> rusqlite::Result<usize> {
    let pattern = format!("{ARTICLE_KEY_PREFIX}*");
    let existing: i64 =
        conn.query_row("SELECT COUNT(*) FROM hc_articles WHERE seed_key GLOB ?1", params![pattern], |r| r.get(0))?;
    let existing = existing.max(0) as usize;
    if existing >= count {
        return Ok(0);
    }
    // Article i is written i minutes after the base and edited within 30 days.
    let base = past_anchor(BASE_MICROS, count as i64 * 60_000_000 + 30 * DAY_MICROS);
    let section_id = generated_section(conn, base)?;
    let words = Words::new();
    for i in existing..count {
        let mut rng = SplitMix64(0x4865_6C70_6C69_6E65 ^ i as u64);
        let Generated { title, body, text } = words.article(&mut rng);
        let created_at = base + i as i64 * 60_000_000;
        let updated_at = created_at + rng.below(30 * DAY_MICROS as u64) as i64;
        let key = format!("{ARTICLE_KEY_PREFIX}{i}");
        let article = NewArticle {
            section_id,
            author_id: Some(author_id),
            position: i as i64,
            promoted: false,
            label_names: &[],
            seed_key: Some(&key),
            created_at,
        };
        let id = store::insert_article(conn, &article)?;
        let translation = NewTranslation {
            locale: DEFAULT_LOCALE,
            title: &title,
            body: &body,
            body_text: Some(&text),
            draft: false,
            created_at,
            updated_at,
            edited_at: Some(updated_at),
        };
        store::insert_translation(conn, id, &translation)?;
    }
    Ok(count - existing)
}

/// The "Generated" category and section (en-us), created once.
fn generated_section(conn: &Connection, at: i64) -> rusqlite::Result<i64> {
    if let Some(id) = store::seeded_id(conn, "hc_sections", SECTION_KEY)? {
        return Ok(id);
    }
    let category_id = match store::seeded_id(conn, "hc_categories", CATEGORY_KEY)? {
        Some(id) => id,
        None => {
            let id = store::insert_category(conn, Some(CATEGORY_KEY), 1000, at)?;
            let description = "Synthetic articles for benchmarks.";
            store::put_category_translation(conn, id, DEFAULT_LOCALE, "Generated", description, at)?;
            id
        }
    };
    let id = store::insert_section(conn, category_id, Some(SECTION_KEY), 1, at)?;
    store::put_section_translation(conn, id, DEFAULT_LOCALE, "Generated articles", "", at)?;
    Ok(id)
}

/// SplitMix64: tiny, fast, and the same sequence on every platform and crate version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }
}

/// Product, feature and jargon words ranked after the support vocabulary: a real help
/// center's vocabulary runs to thousands of words, most of them in few articles, and a
/// search for one must not look like a search for "settings".
const JARGON_WORDS: usize = 5000;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tor", "vex", "qui", "sal", "dun", "bri", "zo", "fen", "gra", "pol", "tek", "nu", "sha",
    "ver", "lin", "dax", "mor", "pix", "rho", "sen", "tal", "ub", "wen", "yar", "zel", "cor",
];

/// The `i`th jargon word: two or three syllables, deterministic.
fn jargon(i: usize) -> String {
    let n = SYLLABLES.len();
    let mut word = format!("{}{}", SYLLABLES[i % n], SYLLABLES[(i / n) % n]);
    if i >= n * n {
        word.push_str(SYLLABLES[(i / (n * n)) % n]);
    }
    word
}

/// The vocabulary with cumulative Zipf weights, scaled to u64 for exact, float-free sampling.
struct Words {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Words {
    fn new() -> Self {
        let words: Vec<String> =
            VOCABULARY.iter().map(|w| w.to_string()).chain((0..JARGON_WORDS).map(jargon)).collect();
        let weights: Vec<f64> = (1..=words.len()).map(|r| 1.0 / (r as f64).powf(ZIPF_EXPONENT)).collect();
        let total: f64 = weights.iter().sum();
        let mut sum = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                sum += w;
                (sum / total * (u32::MAX as f64)) as u64
            })
            .collect();
        Words { words, cumulative }
    }

    fn pick(&self, rng: &mut SplitMix64) -> &str {
        let x = rng.below(u32::MAX as u64);
        let i = self.cumulative.partition_point(|c| *c <= x).min(self.words.len() - 1);
        &self.words[i]
    }

    /// Title and body of one article. The body's text is written alongside its HTML, so
    /// indexing needs no HTML parsing (this runs 10,000 times at start, even in debug builds).
    fn article(&self, rng: &mut SplitMix64) -> Generated {
        let mut out = Generated {
            title: String::with_capacity(64),
            body: String::with_capacity(TARGET_BODY_BYTES + 200),
            text: String::with_capacity(TARGET_BODY_BYTES),
        };
        let n = rng.range(3, 7);
        self.sentence(rng, n, &mut out.title, None);
        out.body.push_str("<h2>");
        let n = rng.range(2, 4);
        self.sentence(rng, n, &mut out.body, Some(&mut out.text));
        out.body.push_str("</h2>");
        while out.body.len() < TARGET_BODY_BYTES {
            out.body.push_str("<p>");
            for s in 0..rng.range(3, 5) {
                if s > 0 {
                    out.body.push(' ');
                }
                let n = rng.range(7, 15);
                self.sentence(rng, n, &mut out.body, Some(&mut out.text));
                out.body.push('.');
                out.text.push('.');
            }
            out.body.push_str("</p>");
        }
        out
    }

    /// `n` words, the first capitalized, appended to `html` (one sentence in four has a word
    /// in `<strong>`) and to `text` (after a space if it holds something already).
    fn sentence(&self, rng: &mut SplitMix64, n: u64, html: &mut String, mut text: Option<&mut String>) {
        // Never the first or last word: a capital or a period stays outside the tag.
        let strong = if n >= 3 && rng.below(4) == 0 { rng.range(1, n - 2) } else { u64::MAX };
        if let Some(text) = text.as_deref_mut().filter(|t| !t.is_empty()) {
            text.push(' ');
        }
        for i in 0..n {
            let word = self.pick(rng);
            if i > 0 {
                html.push(' ');
            }
            if i == strong {
                html.push_str("<strong>");
            }
            push_word(html, word, i == 0);
            if let Some(text) = text.as_deref_mut() {
                if i > 0 {
                    text.push(' ');
                }
                push_word(text, word, i == 0);
            }
            if i == strong {
                html.push_str("</strong>");
            }
        }
    }
}

struct Generated {
    title: String,
    body: String,
    /// The body as search indexes it: its text, without tags.
    text: String,
}

/// Appends a word, its first letter in upper case if `capital`.
fn push_word(out: &mut String, word: &str, capital: bool) {
    let mut chars = word.chars();
    match (capital, chars.next()) {
        (true, Some(first)) => {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        _ => out.push_str(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_deterministic_and_about_a_kilobyte() {
        let words = Words::new();
        let make = |i: u64| {
            let a = words.article(&mut SplitMix64(0x4865_6C70_6C69_6E65 ^ i));
            (a.title, a.body, a.text)
        };
        assert_eq!(make(7), make(7));
        assert_ne!(make(7), make(8));
        let (title, body, text) = make(1);
        assert!(title.chars().next().unwrap().is_uppercase(), "{title}");
        assert!((TARGET_BODY_BYTES..TARGET_BODY_BYTES + 400).contains(&body.len()), "{}", body.len());
        assert!(body.starts_with("<h2>") && body.ends_with("</p>") && body.contains("<strong>"), "{body}");
        assert_eq!(text, crate::help_center::text::strip_html(&body), "the text is what stripping the HTML gives");
    }

    #[test]
    fn frequent_words_are_far_more_frequent() {
        let words = Words::new();
        let mut rng = SplitMix64(1);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..200_000 {
            *counts.entry(words.pick(&mut rng)).or_insert(0usize) += 1;
        }
        let (first, last) = (counts["the"], counts.get(VOCABULARY[VOCABULARY.len() - 1]).copied().unwrap_or(0));
        assert!(first > 100 * last.max(1), "the: {first}, last: {last}");
    }
}
