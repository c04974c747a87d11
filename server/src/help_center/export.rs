//! The incremental export (`GET /api/v2/help_center/incremental/articles.json`): every article
//! translation of one locale changed since `start_time`, drafts included (`"draft": true`), and
//! the ids archived since then (`deleted_article_ids`, Helpline).
//!
//! Paging: rows go in (updated_at, id) order; a page that leaves rows behind links to the next
//! with the same `start_time` and a `cursor` (`<updated_at micros>.<id>` of its last row), so no
//! row is skipped or repeated, even if articles change between pages (a changed one moves to
//! the end and comes again, newer). Only the last page carries the time to resume from:
//! `end_time` is the server's clock then (unix seconds, rounded down); earlier pages repeat
//! `start_time` in it, so a client that stops half-way resumes where it started.
//!
//! Stock-Zendesk mode (`ServerConfig::zendesk_only`): as on Zendesk, only the agent may export
//! (anyone else: 403), and the pages carry neither the articles' attachments nor
//! `deleted_article_ids`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{Article, IncrementalArticlesPage, paths};
use rusqlite::params;

use super::attachments;
use super::locale::locale_param;
use super::rows::{ARTICLE_COLUMNS, ARTICLE_FROM, ArticleRow};
use crate::auth::{Principal, principal};
use crate::errors::ApiError;
use crate::query::QueryParams;
use crate::state::AppState;
use crate::time::now_micros;

const DEFAULT_PER_PAGE: usize = 100;
const MAX_PER_PAGE: usize = 1000;
const MICROS: i64 = 1_000_000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::INCREMENTAL_ARTICLES, get(export))
}

/// Where the previous page stopped: its last row's (updated_at micros, article id).
type Cursor = (i64, i64);

async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Result<Json<IncrementalArticlesPage>, ApiError> {
    if state.zendesk_only && principal(&state, &headers).await? != Principal::Agent {
        return Err(ApiError::Forbidden);
    }
    let start_time = query
        .get("start_time")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|t| *t >= 0)
        .and_then(|t| t.checked_mul(MICROS).map(|micros| (t, micros)));
    let Some((start_time, start_micros)) = start_time else {
        return Err(ApiError::invalid(
            "start_time",
            "InvalidValue",
            "Start time: must be a unix time in seconds, 0 or more",
        ));
    };
    let locale = locale_param(query.get("locale"))?;
    let per_page = match query.get("per_page") {
        None | Some("") => DEFAULT_PER_PAGE,
        Some(n) => n.parse::<usize>().map_err(|_| ApiError::bad_param("per_page must be a number"))?,
    }
    .clamp(1, MAX_PER_PAGE);
    let cursor = match query.get("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(parse_cursor(c).ok_or_else(|| ApiError::bad_param("cursor is not a valid cursor"))?),
    };

    let base_url = state.base_url.clone();
    let (mut rows, mut attachments, deleted, now) = state
        .db
        .call(move |conn| {
            // Read under the store's lock: every later write is stamped at or after `now`.
            let now = now_micros();
            let (after_time, after_id) = cursor.unwrap_or((i64::MIN, i64::MIN));
            let sql = format!(
                "SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM}
                 WHERE t.locale = ?1 AND t.updated_at >= ?2 AND (t.updated_at, t.article_id) > (?3, ?4)
                 ORDER BY t.updated_at, t.article_id LIMIT ?5"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(params![locale, start_micros, after_time, after_id, per_page as i64 + 1], |r| {
                    ArticleRow::from_row(r)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            // Helpline: each article comes with its attachments, for devices to know offline.
            let attachments =
                rows.iter().map(|a| attachments::of_article(conn, &base_url, a.id)).collect::<Result<Vec<_>, _>>()?;
            // Deletions come once, with the first page.
            let deleted: Vec<i64> = if cursor.is_some() {
                vec![]
            } else {
                conn.prepare_cached(
                    "SELECT article_id FROM hc_article_tombstones WHERE locale = ?1 AND deleted_at >= ?2
                     ORDER BY deleted_at, article_id",
                )?
                .query_map(params![locale, start_micros], |r| r.get(0))?
                .collect::<Result<_, _>>()?
            };
            Ok((rows, attachments, deleted, now))
        })
        .await?;

    let has_more = rows.len() > per_page;
    rows.truncate(per_page);
    attachments.truncate(per_page);
    let (end_time, next_page) = match rows.last().filter(|_| has_more) {
        Some(last) => {
            let add = [
                ("start_time", start_time.to_string()),
                ("locale", locale.to_owned()),
                ("per_page", per_page.to_string()),
                ("cursor", format!("{}.{}", last.updated_at, last.id)),
            ];
            let drop = ["start_time", "locale", "per_page", "cursor"];
            (start_time, Some(query.link(&state.base_url, paths::INCREMENTAL_ARTICLES, &drop, &add)))
        }
        None => (now.div_euclid(MICROS), None),
    };
    // Helpline's additions, unless the server plays a stock Zendesk.
    let helpline = !state.zendesk_only;
    Ok(Json(IncrementalArticlesPage {
        count: Some(rows.len() as u64),
        articles: rows
            .iter()
            .zip(attachments)
            .map(|(a, files)| Article { attachments: helpline.then_some(files), ..a.to_wire(&state.base_url) })
            .collect(),
        end_time,
        next_page,
        deleted_article_ids: helpline.then(|| deleted.into_iter().map(|id| id as u64).collect()),
    }))
}

fn parse_cursor(s: &str) -> Option<Cursor> {
    let (time, id) = s.split_once('.')?;
    Some((time.parse().ok()?, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::parse_cursor;

    #[test]
    fn cursors() {
        assert_eq!(parse_cursor("1790000000000000.42"), Some((1_790_000_000_000_000, 42)));
        for bad in ["", "1", "a.b", "1.2.3", ".4"] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}
