//! Requests, the end user's view of tickets (Zendesk Requests API): create, list, show,
//! update. A user only ever sees their own; a closed request takes no more updates.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{
    CustomField, NewRequestEnvelope, Request, RequestEnvelope, RequestMetadata, RequestUpdateEnvelope, RequestsPage,
    Status, Ticket, TicketSatisfaction, Via, paths,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::attachments;
use crate::auth::AuthUser;
use crate::comments::{self, validate_body};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::pagination::{LinkBase, PageRequest, paginate};
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};
use crate::users::{is_valid_email, non_blank};

const MAX_SUBJECT_CHARS: usize = 255;
/// A blank subject becomes the start of the description, this long.
const DERIVED_SUBJECT_CHARS: usize = 50;
/// `via.channel` of requests made through the SDK.
pub(crate) const CHANNEL_MOBILE_SDK: &str = "mobile_sdk";

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::REQUESTS, get(list).post(create)).route("/api/v2/requests/{id}", get(show).put(update))
}

/// One row of `requests`, shared by the end-user and agent views.
#[derive(Debug, Clone)]
pub(crate) struct RequestRow {
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub status: Status,
    pub requester_id: i64,
    pub assignee_id: Option<i64>,
    pub followup_source_id: Option<i64>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomField>,
    pub via_channel: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The requester's satisfaction rating, if given (see `satisfaction`).
    pub satisfaction: Option<TicketSatisfaction>,
    /// The app context it came with, or its conversation's (agents only: see `context`).
    pub metadata: Option<RequestMetadata>,
}

/// A request with its rating: select `COLUMNS` from `FROM`.
const COLUMNS: &str = "r.id, r.subject, r.description, r.status, r.requester_id, r.assignee_id, \
                       r.followup_source_id, r.tags, r.custom_fields, r.via_channel, r.created_at, r.updated_at, \
                       s.score, s.comment, r.metadata, \
                       (SELECT c.metadata FROM conversations c WHERE c.request_id = r.id)";
const FROM: &str = "requests r LEFT JOIN satisfaction_ratings s ON s.ticket_id = r.id";

impl RequestRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        let tags: String = r.get(7)?;
        let custom_fields: String = r.get(8)?;
        Ok(RequestRow {
            id: r.get(0)?,
            subject: r.get(1)?,
            description: r.get(2)?,
            status: Status::parse(&r.get::<_, String>(3)?),
            requester_id: r.get(4)?,
            assignee_id: r.get(5)?,
            followup_source_id: r.get(6)?,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            custom_fields: serde_json::from_str(&custom_fields).unwrap_or_default(),
            via_channel: r.get(9)?,
            created_at: r.get(10)?,
            updated_at: r.get(11)?,
            satisfaction: crate::satisfaction::summary(r.get(12)?, r.get(13)?),
            metadata: crate::context::metadata_of(r.get(14)?, r.get(15)?),
        })
    }

    pub(crate) fn to_request(&self, base_url: &str) -> Request {
        Request {
            id: self.id as u64,
            url: format!("{base_url}{}", paths::request(self.id as u64)),
            subject: self.subject.clone(),
            description: self.description.clone(),
            status: self.status,
            priority: None,
            kind: None,
            requester_id: self.requester_id as u64,
            assignee_id: self.assignee_id.map(|id| id as u64),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            // Simplified rule: the requester may solve anything not yet solved or closed.
            can_be_solved_by_me: !matches!(self.status, Status::Solved | Status::Closed),
            followup_source_id: self.followup_source_id.map(|id| id as u64),
            tags: self.tags.clone(),
            custom_fields: self.custom_fields.clone(),
            via: Via { channel: self.via_channel.clone() },
            satisfaction_rating: Some(self.satisfaction.clone()),
        }
    }

    pub(crate) fn to_ticket(&self) -> Ticket {
        Ticket {
            id: self.id as u64,
            subject: self.subject.clone(),
            description: self.description.clone(),
            status: self.status,
            requester_id: self.requester_id as u64,
            assignee_id: self.assignee_id.map(|id| id as u64),
            tags: self.tags.clone(),
            via: Via { channel: self.via_channel.clone() },
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            satisfaction_rating: self.satisfaction.clone(),
            metadata: self.metadata.clone(),
        }
    }
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Option<RequestRow>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = ?1");
    Ok(conn.query_row(&sql, params![id], RequestRow::from_row).optional()?)
}

/// Every request, or only those of one requester.
pub(crate) fn load_all(conn: &Connection, requester_id: Option<u64>) -> Result<Vec<RequestRow>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE ?1 IS NULL OR r.requester_id = ?1");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![requester_id.map(|id| id as i64)], RequestRow::from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Writes the fields an update may change, and bumps `updated_at`.
pub(crate) fn save_state(conn: &Connection, row: &RequestRow) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE requests SET status = ?2, assignee_id = ?3, updated_at = ?4 WHERE id = ?1",
        params![row.id, row.status.as_str(), row.assignee_id, row.updated_at],
    )?;
    Ok(())
}

/// `POST /api/v2/requests.json`: a new request whose first comment is the description (with
/// the files of `comment.uploads`).
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(envelope): JsonBody<NewRequestEnvelope>,
) -> Result<(StatusCode, Json<RequestEnvelope>), ApiError> {
    let new = envelope.request;
    let uploads = new.comment.uploads;
    let body = new.comment.body;
    validate_body(&body, "description", "Description")?;
    let mut subject = new.subject.trim().to_owned();
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(ApiError::invalid(
            "subject",
            "TooLong",
            format!("Subject: is too long (maximum is {MAX_SUBJECT_CHARS} characters)"),
        ));
    }
    if subject.is_empty() {
        subject = body.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(DERIVED_SUBJECT_CHARS).collect();
    }
    let requester = new.requester.unwrap_or_default();
    let (requester_name, requester_email) = (non_blank(requester.name), non_blank(requester.email));
    if requester_email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        return Err(ApiError::invalid("email", "InvalidValue", "Email: is invalid"));
    }
    let tags = serde_json::to_string(&new.tags).map_err(|e| ApiError::Internal(e.to_string()))?;
    let custom_fields = serde_json::to_string(&new.custom_fields).map_err(|e| ApiError::Internal(e.to_string()))?;
    let followup = new.via_followup_source_id;
    let metadata = crate::context::metadata_column(new.metadata)?;

    let row = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(source) = followup {
                let source = i64::try_from(source).ok().map(|id| load(&tx, id)).transpose()?.flatten();
                let ok = source.is_some_and(|s| s.requester_id == user.id as i64 && s.status == Status::Closed);
                if !ok {
                    return Err(ApiError::invalid(
                        "via_followup_source_id",
                        "InvalidValue",
                        "Via followup source: must be one of your closed requests",
                    ));
                }
            }
            if requester_name.is_some() || requester_email.is_some() {
                // Only anonymous identities say who they are here; JWT users are who the JWT says.
                tx.execute(
                    "UPDATE users SET name = COALESCE(?2, name), email = COALESCE(?3, email)
                     WHERE id = ?1 AND sdk_guid IS NOT NULL",
                    params![user.id as i64, requester_name, requester_email],
                )?;
            }
            let now = now_micros();
            let files = attachments::claim(&tx, user.id, &uploads, now)?;
            tx.execute(
                "INSERT INTO requests (subject, description, status, requester_id, followup_source_id, tags,
                 custom_fields, via_channel, created_at, updated_at, metadata)
                 VALUES (?1, ?2, 'new', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                params![
                    subject,
                    body,
                    user.id as i64,
                    followup.map(|id| id as i64),
                    tags,
                    custom_fields,
                    CHANNEL_MOBILE_SDK,
                    now,
                    metadata
                ],
            )?;
            let id = tx.last_insert_rowid();
            let comment_id = comments::insert(&tx, id, user.id, &body, true, now)?;
            attachments::attach_to_comment(&tx, &files, comment_id)?;
            let row = load(&tx, id)?.ok_or_else(|| ApiError::Internal("request vanished".into()))?;
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(RequestEnvelope { request: row.to_request(&state.base_url) })))
}

/// `GET /api/v2/requests.json`: the caller's requests; `sort_by=updated_at|created_at`,
/// `sort_order=asc|desc` (default updated_at desc), `status=open,pending`, offset or cursor pages.
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    query: QueryParams,
) -> Result<Json<RequestsPage>, ApiError> {
    let by_created = match query.get("sort_by").unwrap_or("updated_at") {
        "updated_at" => false,
        "created_at" => true,
        other => return Err(ApiError::bad_param(format!("sort_by must be updated_at or created_at, not {other:?}"))),
    };
    let desc = match query.get("sort_order").unwrap_or("desc") {
        "asc" => false,
        "desc" => true,
        other => return Err(ApiError::bad_param(format!("sort_order must be asc or desc, not {other:?}"))),
    };
    let statuses: Option<Vec<Status>> = query
        .get("status")
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.split(',').map(|s| Status::parse(s.trim())).collect());
    let page = PageRequest::from_query(&query)?;

    let mut rows = state.db.call(move |conn| load_all(conn, Some(user.id))).await?;
    if let Some(statuses) = statuses {
        rows.retain(|r| r.status != Status::Unknown && statuses.contains(&r.status));
    }
    let links = LinkBase { base_url: &state.base_url, path: paths::REQUESTS, query: &query };
    let key = |r: &RequestRow| (if by_created { r.created_at } else { r.updated_at }, r.id);
    let (rows, pagination) = paginate(rows, key, desc, &page, &links);
    let requests = rows.iter().map(|r| r.to_request(&state.base_url)).collect();
    Ok(Json(RequestsPage { requests, pagination }))
}

/// `GET /api/v2/requests/{id}.json`: someone else's request is as unknown as a missing one.
async fn show(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
) -> Result<Json<RequestEnvelope>, ApiError> {
    let row = state.db.call(move |conn| own(conn, id, user)).await?;
    Ok(Json(RequestEnvelope { request: row.to_request(&state.base_url) }))
}

/// `PUT /api/v2/requests/{id}.json`: add a comment, with the files of its `uploads` (reopens
/// a pending or solved request), and/or mark solved. Closed -> 422 base "closed": the SDK then offers a follow-up.
async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<RequestUpdateEnvelope>,
) -> Result<Json<RequestEnvelope>, ApiError> {
    let update = envelope.request;
    if let Some(comment) = &update.comment {
        validate_body(&comment.body, "comment", "Comment")?;
    }
    let row = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let mut row = own(&tx, id, user)?;
            if row.status == Status::Closed {
                return Err(ApiError::Closed);
            }
            let now = now_micros();
            let mut changed = false;
            if let Some(comment) = &update.comment {
                let files = attachments::claim(&tx, user.id, &comment.uploads, now)?;
                let comment_id = comments::insert(&tx, row.id, user.id, &comment.body, true, now)?;
                attachments::attach_to_comment(&tx, &files, comment_id)?;
                if matches!(row.status, Status::Pending | Status::Solved) {
                    row.status = Status::Open;
                }
                changed = true;
            }
            if update.solved == Some(true) {
                row.status = Status::Solved;
                changed = true;
            }
            if changed {
                row.updated_at = now.max(row.updated_at);
                save_state(&tx, &row)?;
            }
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok(Json(RequestEnvelope { request: row.to_request(&state.base_url) }))
}

pub(crate) fn own(conn: &Connection, id: i64, user: AuthUser) -> Result<RequestRow, ApiError> {
    load(conn, id)?.filter(|r| r.requester_id == user.id as i64).ok_or(ApiError::NotFound)
}
