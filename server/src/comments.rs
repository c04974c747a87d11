//! Comments of a request: how they are stored and rendered, the end user's
//! `GET /api/v2/requests/{id}/comments.json` (public comments only, users side-loaded), and the
//! agent's `GET /api/v2/tickets/{id}/comments.json` (every comment). Both list each comment's
//! attachments.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{Attachment, Comment, CommentsPage};
use rusqlite::{Connection, OptionalExtension, params};

use crate::attachments;
use crate::auth::{Agent, AuthUser};
use crate::errors::ApiError;
use crate::pagination::{LinkBase, PageRequest, paginate};
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::time::{parse_rfc3339, rfc3339};
use crate::users::sideload_users;

/// Zendesk's limit on a comment body.
pub(crate) const MAX_BODY_BYTES: usize = 65_536;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/requests/{id}/comments.json", get(list))
        .route("/api/v2/tickets/{id}/comments.json", get(agent_list))
}

/// A comment body must have text and fit the limit; `field` names it in the 422.
pub(crate) fn validate_body(body: &str, field: &'static str, label: &str) -> Result<(), ApiError> {
    if body.trim().is_empty() {
        return Err(ApiError::invalid(field, "BlankValue", format!("{label}: cannot be blank")));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::invalid(
            field,
            "TooLong",
            format!("{label}: is too long (maximum is {MAX_BODY_BYTES} bytes)"),
        ));
    }
    Ok(())
}

pub(crate) fn insert(
    conn: &Connection,
    request_id: i64,
    author_id: u64,
    body: &str,
    public: bool,
    now: i64,
) -> Result<i64, ApiError> {
    conn.execute(
        "INSERT INTO comments (request_id, author_id, body, public, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![request_id, author_id as i64, body, public, now],
    )?;
    Ok(conn.last_insert_rowid())
}

struct CommentRow {
    id: i64,
    request_id: i64,
    author_id: i64,
    body: String,
    public: bool,
    created_at: i64,
}

impl CommentRow {
    fn to_comment(&self, attachments: Vec<Attachment>) -> Comment {
        Comment {
            id: self.id as u64,
            kind: Some("Comment".into()),
            request_id: self.request_id as u64,
            body: self.body.clone(),
            html_body: html_body(&self.body),
            plain_body: self.body.clone(),
            public: self.public,
            author_id: self.author_id as u64,
            attachments,
            created_at: rfc3339(self.created_at),
        }
    }
}

/// `?sort_order=asc|desc` (default asc), `include=users`, `since=<RFC 3339>` (inclusive, since
/// the wire's timestamps have whole seconds: clients dedupe by id), offset or cursor pages.
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(request_id): RecordId,
    query: QueryParams,
) -> Result<Json<CommentsPage>, ApiError> {
    page(&state, Some(user.id), request_id, &query, "requests").await
}

/// The agent's view of a ticket's comments: private ones too. Same parameters.
async fn agent_list(
    State(state): State<AppState>,
    _: Agent,
    RecordId(request_id): RecordId,
    query: QueryParams,
) -> Result<Json<CommentsPage>, ApiError> {
    page(&state, None, request_id, &query, "tickets").await
}

/// A page of a request's comments, as its requester (`Some`: public ones, theirs only) or the
/// agent (`None`) sees them; `collection` names the path (`requests` or `tickets`).
async fn page(
    state: &AppState,
    requester: Option<u64>,
    request_id: i64,
    query: &QueryParams,
    collection: &str,
) -> Result<Json<CommentsPage>, ApiError> {
    let desc = match query.get("sort_order").unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        other => return Err(ApiError::bad_param(format!("sort_order must be asc or desc, not {other:?}"))),
    };
    let since = match query.get("since").filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_rfc3339(s).ok_or_else(|| ApiError::bad_param("since must be an RFC 3339 time"))?),
        None => None,
    };
    let include_users = query.get("include").is_some_and(|s| s.split(',').any(|i| i.trim() == "users"));
    let page = PageRequest::from_query(query)?;

    let rows = state
        .db
        .call(move |conn| {
            let owner: Option<i64> = conn
                .query_row("SELECT requester_id FROM requests WHERE id = ?1", params![request_id], |r| r.get(0))
                .optional()?;
            if owner.is_none() || requester.is_some_and(|user| owner != Some(user as i64)) {
                return Err(ApiError::NotFound);
            }
            let mut stmt = conn.prepare(
                "SELECT id, request_id, author_id, body, public, created_at FROM comments
                 WHERE request_id = ?1 AND (public = 1 OR ?3) AND created_at >= ?2",
            )?;
            let rows = stmt
                .query_map(params![request_id, since.unwrap_or(i64::MIN), requester.is_none()], |r| {
                    Ok(CommentRow {
                        id: r.get(0)?,
                        request_id: r.get(1)?,
                        author_id: r.get(2)?,
                        body: r.get(3)?,
                        public: r.get(4)?,
                        created_at: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;

    let path = format!("/api/v2/{collection}/{request_id}/comments.json");
    let links = LinkBase { base_url: &state.base_url, path: &path, query };
    let (rows, pagination) = paginate(rows, |c| (c.created_at, c.id), desc, &page, &links);
    let authors: Vec<u64> = if include_users { rows.iter().map(|c| c.author_id as u64).collect() } else { vec![] };
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let base_url = state.base_url.clone();
    let (users, mut files) = state
        .db
        .call(move |conn| {
            let users = if authors.is_empty() { vec![] } else { sideload_users(conn, &authors)? };
            Ok((users, attachments::of_comments(conn, &base_url, &ids)?))
        })
        .await?;
    let comments = rows.iter().map(|c| c.to_comment(files.remove(&c.id).unwrap_or_default())).collect();
    Ok(Json(CommentsPage { comments, users, pagination }))
}

/// Plain text to simple HTML: escaped, blank lines split paragraphs, newlines become `<br>`.
fn html_body(body: &str) -> String {
    let text = body.replace("\r\n", "\n");
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_html() {
        assert_eq!(html_body("Thanks, we are on it."), "<p>Thanks, we are on it.</p>");
        assert_eq!(html_body("a <b>\nline\r\n\r\nnext & last"), "<p>a &lt;b&gt;<br>line</p><p>next &amp; last</p>");
    }

    #[test]
    fn body_rules() {
        assert!(validate_body("hi", "comment", "Comment").is_ok());
        assert!(matches!(
            validate_body("  \n", "description", "Description"),
            Err(ApiError::Invalid { field: "description", .. })
        ));
        let long = "x".repeat(MAX_BODY_BYTES + 1);
        assert!(matches!(validate_body(&long, "comment", "Comment"), Err(ApiError::Invalid { error: "TooLong", .. })));
    }
}
