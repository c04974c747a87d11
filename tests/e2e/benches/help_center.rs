//! Help-center benchmark: 10,000 generated articles (about 1 KB of text each) on the reference
//! server over loopback. Prints figures; asserts nothing about time.
//! Run: `cargo bench -p helpline-e2e --bench help_center`.

use std::time::{Duration, Instant};

use helpline_core::Helpline;
use helpline_core::bench_support::{Language, strict_fts_query};
use helpline_e2e::Harness;
use rusqlite::Connection;

/// `cargo bench` passes `--bench`; under `cargo test` the benchmark only smoke-runs small.
fn article_count() -> usize {
    if std::env::args().any(|a| a == "--bench") { 10_000 } else { 300 }
}

const QUERIES: usize = 100;
const LIMIT: u32 = 20;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// 100 varied queries taken from the cached titles: a word, two words, or the first letters
/// of one as a user types it; common and rare words alike.
fn queries(sdk: &Helpline) -> Vec<String> {
    let titles: Vec<String> = sdk.help_center().articles(None).unwrap().into_iter().map(|a| a.title).collect();
    let mut queries = Vec::with_capacity(QUERIES);
    let mut i = 0usize;
    while queries.len() < QUERIES {
        let title = &titles[(i * 7919) % titles.len()];
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            // Words nobody searches for alone (the SDK drops them from longer queries); the
            // worst case, a word in every article, is measured on its own below.
            .filter(|w| w.len() >= 4 && !Language::of("en-us").is_stop_word(w))
            .collect();
        i += 1;
        if words.is_empty() {
            continue;
        }
        let (one, two) = (words[i % words.len()], words[(i + 1) % words.len()]);
        queries.push(match i % 3 {
            0 => one.to_lowercase(),
            1 if one != two => format!("{one} {two}"),
            _ => one.chars().take(3 + i % 3).collect(),
        });
    }
    queries
}

const RANKED: &str = "SELECT rowid FROM hc_articles_fts WHERE hc_articles_fts MATCH ?1 ORDER BY rank LIMIT ?2";

/// The SDK's statements without the SDK: title tier, then every match if the page is not
/// full, then the page's articles and snippets in one pass. No mapping, no escaping.
fn raw_tiered(raw: &Connection, fts: &str) -> Vec<(i64, String)> {
    let ranked = |query: &str, limit: u32| -> Vec<i64> {
        let mut stmt = raw.prepare_cached(RANKED).unwrap();
        stmt.query_map(rusqlite::params![query, limit], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut ids = ranked(&format!("{{title}} : ({fts})"), LIMIT);
    if ids.len() < LIMIT as usize {
        for id in ranked(fts, LIMIT + ids.len() as u32) {
            if ids.len() < LIMIT as usize && !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let list = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    let mut stmt = raw
        .prepare_cached(
            "SELECT a.id, a.title, snippet(hc_articles_fts, -1, '<em>', '</em>', '…', 16)
             FROM hc_articles_fts CROSS JOIN hc_articles a ON a.rowid = hc_articles_fts.rowid
             WHERE hc_articles_fts MATCH ?1 AND +hc_articles_fts.rowid IN (SELECT value FROM json_each(?2))",
        )
        .unwrap();
    stmt.query_map(rusqlite::params![fts, list], |r| Ok((r.get(0)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

/// The plain way: one statement ranking every match by bm25 and snippeting the top ones.
fn one_query(raw: &Connection, fts: &str) -> Vec<(i64, String)> {
    let mut stmt = raw
        .prepare_cached(
            "SELECT rowid, snippet(hc_articles_fts, -1, '<em>', '</em>', '…', 16) FROM hc_articles_fts
             WHERE hc_articles_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )
        .unwrap();
    stmt.query_map(rusqlite::params![fts, LIMIT], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[tokio::main]
async fn main() {
    let count = article_count();
    let h = Harness::start_with(|c| c.generated_articles = count).await;
    let mut config = h.config("bench");
    config.help_center_cache_bytes = 64 * 1024 * 1024;
    let sdk = Helpline::open(config).unwrap();
    let hc = sdk.help_center();

    let started = Instant::now();
    let full = hc.sync().await.unwrap();
    let full_time = started.elapsed();
    assert_eq!(hc.articles(None).unwrap().len(), count);
    println!(
        "full sync of {count} articles        {} ({} requests, {:.0} articles/s)",
        ms(full_time),
        full.requests,
        count as f64 / full_time.as_secs_f64()
    );

    let mut quiet = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let report = hc.sync().await.unwrap();
        quiet.push(started.elapsed());
        assert_eq!((report.articles_changed, report.requests), (0, 1));
    }
    quiet.sort();
    println!(
        "incremental sync, nothing changed p50 {}  p95 {}  (1 request)",
        ms(percentile(&quiet, 0.5)),
        ms(percentile(&quiet, 0.95))
    );

    let queries = queries(&sdk);
    let raw = Connection::open(sdk.database_path()).unwrap();
    // How many articles each query matches: ranking them all is what a search costs.
    let mut count_stmt = raw.prepare("SELECT count(*) FROM hc_articles_fts WHERE hc_articles_fts MATCH ?1").unwrap();
    let (mut sdk_times, mut raw_times, mut one_query_times, mut hits) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    let mut slowest = Vec::new();
    for round in 0..2 {
        for query in &queries {
            let started = Instant::now();
            let found = hc.search_offline(query, LIMIT as i32).unwrap();
            let sdk_time = started.elapsed();
            let fts = strict_fts_query(query, "en-us").unwrap();
            let started = Instant::now();
            let raw_found = raw_tiered(&raw, &fts);
            let raw_time = started.elapsed();
            let started = Instant::now();
            one_query(&raw, &fts);
            let one_query_time = started.elapsed();
            if round == 1 {
                let matches: i64 = count_stmt.query_row([&fts], |r| r.get(0)).unwrap();
                slowest.push((sdk_time, query.clone(), matches));
                // Round 0 warms the page cache and statement caches for both.
                sdk_times.push(sdk_time);
                raw_times.push(raw_time);
                one_query_times.push(one_query_time);
                hits += found.len();
                assert_eq!(found.len(), raw_found.len(), "{query}");
            }
        }
    }
    sdk_times.sort();
    raw_times.sort();
    one_query_times.sort();
    let (sdk_p50, sdk_p95) = (percentile(&sdk_times, 0.5), percentile(&sdk_times, 0.95));
    let (raw_p50, raw_p95) = (percentile(&raw_times, 0.5), percentile(&raw_times, 0.95));
    println!(
        "offline search, {QUERIES} queries (SDK)  p50 {}  p95 {}  ({:.1} hits/query)",
        ms(sdk_p50),
        ms(sdk_p95),
        hits as f64 / QUERIES as f64
    );
    println!("same statements, raw SQL         p50 {}  p95 {}", ms(raw_p50), ms(raw_p95));
    println!(
        "SDK overhead ratio               p50 {:.2}x  p95 {:.2}x",
        sdk_p50.as_secs_f64() / raw_p50.as_secs_f64(),
        sdk_p95.as_secs_f64() / raw_p95.as_secs_f64()
    );
    println!(
        "for reference, one FTS5 query ranking every match: p50 {}  p95 {}",
        ms(percentile(&one_query_times, 0.5)),
        ms(percentile(&one_query_times, 0.95))
    );
    // The worst case: a word in every article (all 10,000 are ranked).
    let mut worst = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        hc.search_offline("your", LIMIT as i32).unwrap();
        worst.push(started.elapsed());
    }
    worst.sort();
    let everywhere: i64 = count_stmt.query_row(["\"your\"*"], |r| r.get(0)).unwrap();
    println!("worst case, \"your\" ({everywhere} matches)  p50 {}", ms(percentile(&worst, 0.5)));
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (time, query, matches) in slowest.iter().take(5) {
        println!("  slow: {:>9}  {query:?} matches {matches} articles", ms(*time));
    }
    let size = std::fs::metadata(sdk.database_path()).map(|m| m.len()).unwrap_or(0);
    println!("database file                    {:.1} MB", size as f64 / 1e6);
}
