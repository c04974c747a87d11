//! Agent authoring (reference server only, agent token): create an article in a section,
//! change one of its translations (`locale` picks it; a missing one is added), archive it.
//! Article-wide fields (section, position, promotion, labels) touch every translation's
//! `updated_at`, so the incremental export of every locale picks the change up.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use helpline_protocol::{ArticleDraft, ArticleDraftEnvelope, ArticleEnvelope};
use rusqlite::{OptionalExtension, params};

use super::locale::locale_param;
use super::rows;
use super::store::{self, NewArticle, NewTranslation};
use super::text::strip_html;
use super::{fts, rows::ArticleRow};
use crate::auth::Agent;
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::time::now_micros;

const MAX_TITLE_CHARS: usize = 255;
const MAX_BODY_BYTES: usize = 1024 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/help_center/sections/{id}/articles.json", post(create))
        .route("/api/v2/help_center/articles/{id}", put(update).delete(archive))
}

/// `POST /api/v2/help_center/sections/{id}/articles.json` `{"article": ArticleDraft}`: title and
/// body required; locale defaults to en-us. -> 201 `{"article": ...}`.
async fn create(
    State(state): State<AppState>,
    _: Agent,
    RecordId(section_id): RecordId,
    JsonBody(envelope): JsonBody<ArticleDraftEnvelope>,
) -> Result<(StatusCode, Json<ArticleEnvelope>), ApiError> {
    let draft = envelope.article;
    let title = required_title(&draft)?;
    let body = required_body(&draft)?;
    let locale = locale_param(draft.locale.as_deref())?;
    let labels = clean_labels(draft.label_names.clone().unwrap_or_default());
    let author_id = state.agent_id as i64;
    let row = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            if !rows::section_exists(&tx, section_id, None)? {
                return Err(ApiError::NotFound);
            }
            let now = now_micros();
            let article = NewArticle {
                section_id,
                author_id: Some(author_id),
                position: draft.position.unwrap_or(0),
                promoted: draft.promoted.unwrap_or(false),
                label_names: &labels,
                seed_key: None,
                created_at: now,
            };
            let id = store::insert_article(&tx, &article)?;
            let translation = NewTranslation {
                locale,
                title: &title,
                body: &body,
                body_text: None,
                draft: draft.draft.unwrap_or(false),
                created_at: now,
                updated_at: now,
                edited_at: Some(now),
            };
            store::insert_translation(&tx, id, &translation)?;
            let row = written(&tx, id, locale)?;
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(ArticleEnvelope { article: row.to_wire(&state.base_url) })))
}

/// `PUT /api/v2/help_center/articles/{id}.json` `{"article": ArticleDraft}`: the fields given
/// change, in the translation `locale` names (en-us by default; a new one needs title and body).
async fn update(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<ArticleDraftEnvelope>,
) -> Result<Json<ArticleEnvelope>, ApiError> {
    let draft = envelope.article;
    let title = draft.title.as_ref().map(|_| required_title(&draft)).transpose()?;
    let body = draft.body.as_ref().map(|_| required_body(&draft)).transpose()?;
    let locale = locale_param(draft.locale.as_deref())?;
    let labels = draft.label_names.clone().map(clean_labels);
    let row = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let live = tx
                .query_row("SELECT 1 FROM hc_articles WHERE id = ?1 AND archived_at IS NULL", params![id], |_| Ok(()))
                .optional()?;
            live.ok_or(ApiError::NotFound)?;
            let now = now_micros();

            let section_id = draft.section_id.map(|s| i64::try_from(s).unwrap_or(-1));
            let known = match section_id {
                Some(section_id) => rows::section_exists(&tx, section_id, None)?,
                None => true,
            };
            if !known {
                return Err(ApiError::invalid("section_id", "InvalidValue", "Section: does not exist"));
            }
            let labels = labels.map(|l| serde_json::to_string(&l).unwrap_or_else(|_| "[]".into()));
            if section_id.is_some() || draft.position.is_some() || draft.promoted.is_some() || labels.is_some() {
                tx.execute(
                    "UPDATE hc_articles SET section_id = COALESCE(?2, section_id), position = COALESCE(?3, position),
                     promoted = COALESCE(?4, promoted), label_names = COALESCE(?5, label_names) WHERE id = ?1",
                    params![id, section_id, draft.position, draft.promoted, labels],
                )?;
                tx.execute(
                    "UPDATE hc_article_translations SET updated_at = MAX(updated_at, ?2) WHERE article_id = ?1",
                    params![id, now],
                )?;
                if labels.is_some() {
                    // Labels are searched: every translation is indexed with the new ones.
                    fts::reindex_article(&tx, id)?;
                }
            }

            let existing: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT id, title, body FROM hc_article_translations WHERE article_id = ?1 AND locale = ?2",
                    params![id, locale],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match existing {
                Some((translation_id, old_title, old_body)) => {
                    let edited = title.is_some() || body.is_some();
                    if edited || draft.draft.is_some() {
                        tx.execute(
                            "UPDATE hc_article_translations SET title = COALESCE(?2, title), body = COALESCE(?3, body),
                             draft = COALESCE(?4, draft), updated_at = MAX(updated_at, ?5),
                             edited_at = CASE WHEN ?6 THEN MAX(COALESCE(edited_at, 0), ?5) ELSE edited_at END
                             WHERE id = ?1",
                            params![translation_id, title, body, draft.draft, now, edited],
                        )?;
                    }
                    if edited {
                        let title = title.as_deref().unwrap_or(&old_title);
                        let text = strip_html(body.as_deref().unwrap_or(&old_body));
                        fts::index(&tx, translation_id, title, &text)?;
                    }
                }
                None => {
                    let (Some(title), Some(body)) = (&title, &body) else {
                        let missing = if title.is_none() { "title" } else { "body" };
                        return Err(blank(missing));
                    };
                    let translation = NewTranslation {
                        locale,
                        title,
                        body,
                        body_text: None,
                        draft: draft.draft.unwrap_or(false),
                        created_at: now,
                        updated_at: now,
                        edited_at: Some(now),
                    };
                    store::insert_translation(&tx, id, &translation)?;
                }
            }
            let row = written(&tx, id, locale)?;
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok(Json(ArticleEnvelope { article: row.to_wire(&state.base_url) }))
}

/// `DELETE /api/v2/help_center/articles/{id}.json`: archives every translation -> 204.
async fn archive(State(state): State<AppState>, _: Agent, RecordId(id): RecordId) -> Result<StatusCode, ApiError> {
    let archived = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let archived = store::archive(&tx, id, now_micros())?;
            tx.commit()?;
            Ok(archived)
        })
        .await?;
    if archived { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::NotFound) }
}

/// The translation just written, as the agent sees it (drafts included).
fn written(conn: &rusqlite::Connection, id: i64, locale: &str) -> Result<ArticleRow, ApiError> {
    rows::article(conn, id, locale)?.ok_or_else(|| ApiError::Internal("article vanished".into()))
}

fn blank(field: &'static str) -> ApiError {
    let label = if field == "title" { "Title" } else { "Body" };
    ApiError::invalid(field, "BlankValue", format!("{label}: cannot be blank"))
}

fn required_title(draft: &ArticleDraft) -> Result<String, ApiError> {
    let title = draft.title.as_deref().map(str::trim).unwrap_or_default();
    if title.is_empty() {
        return Err(blank("title"));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        let description = format!("Title: is too long (maximum is {MAX_TITLE_CHARS} characters)");
        return Err(ApiError::invalid("title", "TooLong", description));
    }
    Ok(title.to_owned())
}

fn required_body(draft: &ArticleDraft) -> Result<String, ApiError> {
    let body = draft.body.as_deref().unwrap_or_default();
    if body.trim().is_empty() {
        return Err(blank("body"));
    }
    if body.len() > MAX_BODY_BYTES {
        let description = format!("Body: is too long (maximum is {MAX_BODY_BYTES} bytes)");
        return Err(ApiError::invalid("body", "TooLong", description));
    }
    Ok(body.to_owned())
}

/// Labels trimmed, blanks dropped, duplicates removed (first kept).
fn clean_labels(labels: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels.into_iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()) {
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}
