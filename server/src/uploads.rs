//! Uploads (Zendesk Uploads API) and attachment downloads.
//!
//! `POST /api/v2/uploads.json?filename=NAME[&token=T]`: the raw body is streamed to a file in
//! `uploads/` beside the database, chunk by chunk, never held whole in memory. The limit is the
//! app's `max_attachment_size` (its SDK settings, named by the `App-Identifier` header; the
//! defaults without one): a `Content-Length` over it is refused before a byte is read, a body
//! growing past it is cut off as soon as it does (413): the bytes received are counted, whatever
//! the headers said. Each user's stored files count against a quota (`ServerConfig::
//! upload_quota_bytes`): a file that would pass it is refused the same ways (422 naming `file`).
//! An existing token of the user adds the file to that upload. `DELETE
//! /api/v2/uploads/{token}.json` drops an unclaimed upload; expired ones are swept (`sweep`, at
//! start and by the server's sweeper).
//! `GET /attachments/{id}/{file_name}` streams a file back to the agent or to the user it
//! belongs to (the uploader, the requester of its comment); anyone else gets a 404.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::{Body, BodyDataStream};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use helpline_protocol::{Upload, UploadEnvelope, paths};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use crate::attachments::{self, NewFile, Viewer};
use crate::auth::{AuthUser, Principal, principal};
use crate::db::Db;
use crate::errors::ApiError;
use crate::query::{QueryParams, encode};
use crate::record_id::parse;
use crate::settings;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};

const MAX_FILE_NAME_CHARS: usize = 255;
const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";
/// Bytes read from a file at a time when serving it.
const CHUNK: usize = 64 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::UPLOADS, post(create))
        .route("/api/v2/uploads/{token}", delete(remove))
        .route("/attachments/{id}/{file_name}", get(content))
}

/// `uploads/` in the directory of the database file.
pub(crate) fn dir_beside(db_path: &Path) -> PathBuf {
    db_path.parent().map_or_else(|| PathBuf::from("uploads"), |dir| dir.join("uploads"))
}

/// Creates the directory, and sweeps the uploads that expired unclaimed more than `grace` ago.
pub(crate) async fn prepare(db: &Db, dir: &Path, grace: Duration) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    sweep(db, dir, grace).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(())
}

/// Deletes the uploads, rows and files, that expired unclaimed more than `grace` ago (until
/// then, naming one answers "expired" rather than "unknown"). Returns how many files went.
pub(crate) async fn sweep(db: &Db, dir: &Path, grace: Duration) -> Result<usize, ApiError> {
    let before = now_micros().saturating_sub(micros(grace));
    let stale = db.call(move |conn| attachments::sweep_expired(conn, before)).await?;
    remove_files(dir, &stale).await;
    Ok(stale.len())
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// 422 naming `file`: storing it would take the user's files past their quota.
fn over_quota(quota: u64) -> ApiError {
    ApiError::invalid("file", "OverQuota", format!("File: your stored files would exceed your quota of {quota} bytes"))
}

async fn remove_files(dir: &Path, stored: &[String]) {
    for name in stored {
        if let Err(e) = tokio::fs::remove_file(dir.join(name)).await {
            tracing::warn!("could not remove upload {name}: {e}");
        }
    }
}

/// A file being received: removed when dropped, unless kept (the upload failed, or the client
/// went away and the handler was dropped mid-stream).
struct Incoming {
    path: PathBuf,
    keep: bool,
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// `POST /api/v2/uploads.json?filename=shot.png[&token=T]`, the file as the raw body.
///
/// A refused upload is answered only once what the client is still sending has been read and
/// thrown away (up to [`DRAIN_MAX_BYTES`], for at most [`DRAIN_MAX_TIME`]): closing the
/// connection on unread bytes resets it, and the client, still writing, then never sees the
/// 413 or 422 that says why.
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    query: QueryParams,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<UploadEnvelope>), ApiError> {
    let mut body = body.into_data_stream();
    let answer = store(state, user, query, headers, &mut body).await;
    if answer.is_err() {
        drain(body).await;
    }
    answer
}

/// At most this much of a refused body is read before answering; a client sending more gets
/// its connection closed.
const DRAIN_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// And for at most this long, so a slow sender cannot hold the handler.
const DRAIN_MAX_TIME: Duration = Duration::from_secs(10);

/// Reads and drops the rest of a refused body, within the bounds above.
async fn drain(mut body: BodyDataStream) {
    let read = async {
        let mut read = 0u64;
        while let Some(Ok(chunk)) = body.next().await {
            read = read.saturating_add(chunk.len() as u64);
            if read > DRAIN_MAX_BYTES {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_MAX_TIME, read).await;
}

/// Checks, receives and records one upload.
async fn store(
    state: AppState,
    user: AuthUser,
    query: QueryParams,
    headers: HeaderMap,
    body: &mut BodyDataStream,
) -> Result<(StatusCode, Json<UploadEnvelope>), ApiError> {
    let file_name = file_name(query.get("filename"))?;
    let token = query.get("token").map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let content_type = content_type(&headers);
    // Stock-Zendesk mode ignores `App-Identifier` (a Helpline addition): the default limit.
    let app_id = if state.zendesk_only { None } else { settings::requesting_app(&headers) };

    // Everything that can refuse the upload is checked before the body is read.
    let now = now_micros();
    let existing = token.clone();
    let (limits, used) = state
        .db
        .call(move |conn| {
            if let Some(token) = &existing {
                attachments::usable(conn, token, user.id, now, "token")?;
            }
            let limits = match app_id {
                Some(app_id) => settings::load(conn, &app_id)?.support.attachments,
                None => settings::defaults().support.attachments,
            };
            Ok((limits, attachments::stored_bytes(conn, user.id)?))
        })
        .await?;
    if !limits.enabled {
        return Err(ApiError::invalid("uploads", "Disabled", "Uploads: attachments are switched off for this app"));
    }
    let limit = limits.max_attachment_size;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(ApiError::FileTooLarge { limit });
    }
    let quota = state.upload_quota_bytes;
    let quota_left = quota.saturating_sub(used);
    if quota_left == 0 || declared.is_some_and(|len| len > quota_left) {
        return Err(over_quota(quota));
    }

    let stored_as = uuid::Uuid::new_v4().simple().to_string();
    let mut incoming = Incoming { path: state.uploads_dir.join(&stored_as), keep: false };
    let size = receive(body, &incoming.path, limit, quota_left).await.map_err(|e| match e {
        Refused::TooLarge => ApiError::FileTooLarge { limit },
        Refused::OverQuota => over_quota(quota),
        Refused::Failed(e) => e,
    })?;
    if size == 0 {
        return Err(ApiError::invalid("file", "BlankValue", "File: cannot be empty"));
    }

    let ttl = micros(state.upload_ttl);
    let (token, expires_at, file, files) = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let now = now_micros();
            // Counted again: other uploads of the user may have landed while this one came in.
            if attachments::stored_bytes(&tx, user.id)?.saturating_add(size) > quota {
                return Err(over_quota(quota));
            }
            let (token, expires_at) = match token {
                // Checked again: it may have been claimed or deleted while the body came in.
                Some(token) => {
                    let upload = attachments::usable(&tx, &token, user.id, now, "token")?;
                    (token, upload.expires_at)
                }
                None => {
                    let token = uuid::Uuid::new_v4().simple().to_string();
                    let expires_at = now.saturating_add(ttl);
                    attachments::insert_upload(&tx, &token, user.id, now, expires_at)?;
                    (token, expires_at)
                }
            };
            let new = NewFile { file_name: &file_name, content_type: &content_type, size, stored_as: &stored_as };
            let file = attachments::insert_file(&tx, &token, user.id, &new, now)?;
            let files = attachments::files_of_upload(&tx, &token)?;
            tx.commit()?;
            Ok((token, expires_at, file, files))
        })
        .await?;
    incoming.keep = true;
    let base_url = &state.base_url;
    let upload = Upload {
        token,
        expires_at: Some(rfc3339(expires_at)),
        attachment: Some(file.to_wire(base_url)),
        attachments: files.iter().map(|f| f.to_wire(base_url)).collect(),
    };
    Ok((StatusCode::CREATED, Json(UploadEnvelope { upload })))
}

/// Why a body was not taken whole.
enum Refused {
    /// Past the app's attachment limit.
    TooLarge,
    /// Past what is left of the user's quota.
    OverQuota,
    Failed(ApiError),
}

/// Streams the body into `path`, counting the bytes as they come: at most `limit`, and at most
/// `quota_left`; returns the size.
async fn receive(body: &mut BodyDataStream, path: &Path, limit: u64, quota_left: u64) -> Result<u64, Refused> {
    let failed = |what: &str, e: std::io::Error| Refused::Failed(ApiError::Internal(format!("{what} an upload: {e}")));
    let mut file = tokio::fs::File::create(path).await.map_err(|e| failed("creating", e))?;
    let mut size = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            Refused::Failed(ApiError::BadRequest {
                error: "InvalidBody",
                description: format!("The upload broke off: {e}"),
            })
        })?;
        size = size.saturating_add(chunk.len() as u64);
        if size > limit {
            return Err(Refused::TooLarge);
        }
        if size > quota_left {
            return Err(Refused::OverQuota);
        }
        file.write_all(&chunk).await.map_err(|e| failed("writing", e))?;
    }
    file.flush().await.map_err(|e| failed("writing", e))?;
    Ok(size)
}

/// The `filename` parameter: what the file is called, not where it goes (files are stored
/// under names of their own), so only blank, over-long, path-like or control characters fail.
fn file_name(value: Option<&str>) -> Result<String, ApiError> {
    let name = value.map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Err(ApiError::invalid("filename", "BlankValue", "Filename: cannot be blank"));
    }
    if name.chars().count() > MAX_FILE_NAME_CHARS {
        return Err(ApiError::invalid(
            "filename",
            "TooLong",
            format!("Filename: is too long (maximum is {MAX_FILE_NAME_CHARS} characters)"),
        ));
    }
    if name.chars().any(|c| c.is_control() || c == '/' || c == '\\') || name == "." || name == ".." {
        return Err(ApiError::invalid("filename", "InvalidValue", "Filename: is not a file name"));
    }
    Ok(name.to_owned())
}

/// The file's `Content-Type`, parameters dropped; anything odd is `application/octet-stream`.
fn content_type(headers: &HeaderMap) -> String {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) && essence.len() <= 127 => essence,
        _ => DEFAULT_CONTENT_TYPE.to_owned(),
    }
}

/// `DELETE /api/v2/uploads/{token}.json`: 204; the files go too.
async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    UrlPath(segment): UrlPath<String>,
) -> Result<StatusCode, ApiError> {
    let token = segment.strip_suffix(".json").unwrap_or(&segment).to_owned();
    let stored = state.db.call(move |conn| attachments::delete_upload(conn, &token, user.id)).await?;
    remove_files(&state.uploads_dir, &stored).await;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /attachments/{id}/{file_name}`: the file, streamed, to those who may see it.
async fn content(
    State(state): State<AppState>,
    headers: HeaderMap,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Result<Response, ApiError> {
    let viewer = match principal(&state, &headers).await? {
        Principal::Agent => Viewer::Agent,
        Principal::User(id) => Viewer::User(id),
        Principal::Nobody | Principal::Invalid => return Err(ApiError::NotFound),
    };
    let id = parse(&id).ok_or(ApiError::NotFound)?;
    let row = state.db.call(move |conn| attachments::visible(conn, id, viewer)).await?;
    let row = row.filter(|r| r.file_name == name).ok_or(ApiError::NotFound)?;
    let file = tokio::fs::File::open(state.uploads_dir.join(&row.stored_as))
        .await
        .map_err(|e| ApiError::Internal(format!("attachment {id} is missing on disk: {e}")))?;
    let mut response = Body::from_stream(ReaderStream::with_capacity(file, CHUNK)).into_response();
    let h = response.headers_mut();
    let content_type =
        HeaderValue::from_str(&row.content_type).unwrap_or(HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size));
    // Never rendered in the helpdesk's origin: an uploaded HTML file stays a download.
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{}", encode(&row.file_name)))
    {
        h.insert(header::CONTENT_DISPOSITION, disposition);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_names_not_paths() {
        assert_eq!(file_name(Some(" shot 1.png ")).unwrap(), "shot 1.png");
        assert_eq!(file_name(Some("résumé.pdf")).unwrap(), "résumé.pdf");
        for bad in [None, Some(""), Some("  "), Some("../x"), Some("a\\b"), Some(".."), Some("a\nb")] {
            assert!(matches!(file_name(bad), Err(ApiError::Invalid { field: "filename", .. })), "{bad:?}");
        }
        assert!(file_name(Some(&"x".repeat(256))).is_err());
    }

    #[test]
    fn content_types_keep_their_essence_only() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(v).unwrap());
            content_type(&h)
        };
        assert_eq!(with("image/PNG"), "image/png");
        assert_eq!(with("text/plain; charset=utf-8"), "text/plain");
        assert_eq!(with("nonsense"), DEFAULT_CONTENT_TYPE);
        assert_eq!(with("a/b<script>"), DEFAULT_CONTENT_TYPE);
        assert_eq!(content_type(&HeaderMap::new()), DEFAULT_CONTENT_TYPE);
    }
}
