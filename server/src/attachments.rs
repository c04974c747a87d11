//! Attachments as stored: uploads (a token holding one or more files, for one user, until it
//! expires), their files' rows, and how a comment or a chat message takes them. Plain SQL over
//! the one connection; the HTTP side (upload, delete, download) is in `uploads`.
//!
//! A token is claimed once: the comment (or message) that names it takes every file of the
//! upload, and the token cannot be used again. Expired tokens are refused by name (422
//! `uploads`), so a client knows to upload again; their files go once they have been expired
//! for the grace the server was given (`ServerConfig::upload_grace`, a day by default), at the
//! next sweep. What a user stores counts against a quota (`stored_bytes`).

use std::collections::HashMap;

use helpline_protocol::Attachment;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::errors::ApiError;
use crate::query::encode;

/// Tokens one comment or message may name.
pub(crate) const MAX_UPLOADS_PER_COMMENT: usize = 50;

/// One stored file.
#[derive(Debug, Clone)]
pub(crate) struct FileRow {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    /// Its name in the uploads directory.
    pub stored_as: String,
}

const FILE_COLUMNS: &str = "a.id, a.file_name, a.content_type, a.size, a.stored_as";

fn file_row(r: &Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        id: r.get(0)?,
        file_name: r.get(1)?,
        content_type: r.get(2)?,
        size: r.get::<_, i64>(3)?.max(0) as u64,
        stored_as: r.get(4)?,
    })
}

impl FileRow {
    pub(crate) fn to_wire(&self, base_url: &str) -> Attachment {
        Attachment {
            id: self.id as u64,
            file_name: self.file_name.clone(),
            content_url: content_url(base_url, self.id, &self.file_name),
            content_type: self.content_type.clone(),
            size: self.size,
            thumbnails: vec![],
        }
    }
}

/// Where an attachment is downloaded: `GET /attachments/{id}/{file_name}`.
pub(crate) fn content_url(base_url: &str, id: i64, file_name: &str) -> String {
    format!("{base_url}/attachments/{id}/{}", encode(file_name))
}

/// An upload that may still take files or be claimed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UploadRow {
    pub user_id: i64,
    pub expires_at: i64,
    pub claimed: bool,
}

pub(crate) fn upload(conn: &Connection, token: &str) -> Result<Option<UploadRow>, ApiError> {
    Ok(conn
        .prepare_cached("SELECT user_id, expires_at, claimed_at IS NOT NULL FROM uploads WHERE token = ?1")?
        .query_row(params![token], |r| Ok(UploadRow { user_id: r.get(0)?, expires_at: r.get(1)?, claimed: r.get(2)? }))
        .optional()?)
}

/// The user's upload `token`, if it can still take a file (`field` names it in the 422).
pub(crate) fn usable(
    conn: &Connection,
    token: &str,
    user_id: u64,
    now: i64,
    field: &'static str,
) -> Result<UploadRow, ApiError> {
    let label = if field == "token" { "Token" } else { "Uploads" };
    match upload(conn, token)? {
        Some(u) if u.user_id == user_id as i64 && u.claimed => {
            Err(ApiError::invalid(field, "InvalidValue", format!("{label}: {token} is already attached to a comment")))
        }
        Some(u) if u.user_id == user_id as i64 && u.expires_at <= now => {
            Err(ApiError::invalid(field, "Expired", format!("{label}: {token} has expired; upload the file again")))
        }
        Some(u) if u.user_id == user_id as i64 => Ok(u),
        _ => Err(ApiError::invalid(field, "InvalidValue", format!("{label}: {token} is unknown"))),
    }
}

pub(crate) fn insert_upload(
    conn: &Connection,
    token: &str,
    user_id: u64,
    now: i64,
    expires_at: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO uploads (token, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token, user_id as i64, now, expires_at],
    )?;
    Ok(())
}

pub(crate) struct NewFile<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: u64,
    pub stored_as: &'a str,
}

pub(crate) fn insert_file(
    conn: &Connection,
    token: &str,
    user_id: u64,
    file: &NewFile<'_>,
    now: i64,
) -> Result<FileRow, ApiError> {
    conn.execute(
        "INSERT INTO attachments (upload_token, user_id, file_name, content_type, size, stored_as, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            token,
            user_id as i64,
            file.file_name,
            file.content_type,
            i64::try_from(file.size).unwrap_or(i64::MAX),
            file.stored_as,
            now
        ],
    )?;
    Ok(FileRow {
        id: conn.last_insert_rowid(),
        file_name: file.file_name.to_owned(),
        content_type: file.content_type.to_owned(),
        size: file.size,
        stored_as: file.stored_as.to_owned(),
    })
}

/// The files of an upload, oldest first.
pub(crate) fn files_of_upload(conn: &Connection, token: &str) -> Result<Vec<FileRow>, ApiError> {
    let sql = format!("SELECT {FILE_COLUMNS} FROM attachments a WHERE a.upload_token = ?1 ORDER BY a.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![token], file_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Checks every token of a comment or message (the user's, not expired, not claimed yet) and
/// claims them; returns the ids of their files. Call inside the write's transaction.
pub(crate) fn claim(conn: &Connection, user_id: u64, tokens: &[String], now: i64) -> Result<Vec<i64>, ApiError> {
    if tokens.len() > MAX_UPLOADS_PER_COMMENT {
        return Err(ApiError::invalid(
            "uploads",
            "TooLong",
            format!("Uploads: at most {MAX_UPLOADS_PER_COMMENT} per comment"),
        ));
    }
    let mut ids = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::invalid("uploads", "BlankValue", "Uploads: a token cannot be blank"));
        }
        if tokens[..i].iter().any(|t| t.trim() == token) {
            continue;
        }
        usable(conn, token, user_id, now, "uploads")?;
        conn.execute("UPDATE uploads SET claimed_at = ?2 WHERE token = ?1", params![token, now])?;
        ids.extend(files_of_upload(conn, token)?.into_iter().map(|f| f.id));
    }
    Ok(ids)
}

/// Gives claimed files to a comment.
pub(crate) fn attach_to_comment(conn: &Connection, ids: &[i64], comment_id: i64) -> Result<(), ApiError> {
    let mut stmt = conn.prepare_cached("UPDATE attachments SET comment_id = ?2 WHERE id = ?1")?;
    for id in ids {
        stmt.execute(params![id, comment_id])?;
    }
    Ok(())
}

/// Gives claimed files to a chat message (its mirrored comment gets them too).
pub(crate) fn attach_to_message(conn: &Connection, ids: &[i64], message_id: i64) -> Result<(), ApiError> {
    let mut stmt = conn.prepare_cached("UPDATE attachments SET message_id = ?2 WHERE id = ?1")?;
    for id in ids {
        stmt.execute(params![id, message_id])?;
    }
    Ok(())
}

/// The files of each comment, by comment id.
pub(crate) fn of_comments(
    conn: &Connection,
    base_url: &str,
    comment_ids: &[i64],
) -> Result<HashMap<i64, Vec<Attachment>>, ApiError> {
    of(conn, base_url, "comment_id", comment_ids)
}

/// The files of each chat message, by message id.
pub(crate) fn of_messages(
    conn: &Connection,
    base_url: &str,
    message_ids: &[i64],
) -> Result<HashMap<i64, Vec<Attachment>>, ApiError> {
    of(conn, base_url, "message_id", message_ids)
}

fn of(
    conn: &Connection,
    base_url: &str,
    column: &'static str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Attachment>>, ApiError> {
    let sql = format!("SELECT {FILE_COLUMNS} FROM attachments a WHERE a.{column} = ?1 ORDER BY a.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = HashMap::new();
    for &id in ids {
        let files = stmt.query_map(params![id], file_row)?.collect::<Result<Vec<_>, _>>()?;
        if !files.is_empty() {
            out.insert(id, files.iter().map(|f| f.to_wire(base_url)).collect());
        }
    }
    Ok(out)
}

/// Who is asking for a file: the agent sees every file; a user, their own uploads and the
/// files of the public comments and messages of their own requests and conversations.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Viewer {
    Agent,
    User(u64),
}

/// The file `id` if `viewer` may download it; anything else is as unknown as a missing file.
pub(crate) fn visible(conn: &Connection, id: i64, viewer: Viewer) -> Result<Option<FileRow>, ApiError> {
    let user = match viewer {
        Viewer::Agent => None,
        Viewer::User(id) => Some(id as i64),
    };
    let sql = format!(
        "SELECT {FILE_COLUMNS} FROM attachments a
         LEFT JOIN comments c ON c.id = a.comment_id
         LEFT JOIN requests r ON r.id = c.request_id
         LEFT JOIN messages m ON m.id = a.message_id
         LEFT JOIN conversations v ON v.id = m.conversation_id
         WHERE a.id = ?1 AND (?2 IS NULL OR a.user_id = ?2
             OR (r.requester_id = ?2 AND c.public = 1) OR v.user_id = ?2)"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![id, user], file_row).optional()?)
}

/// Deletes the user's unclaimed upload; returns its files' stored names (to delete from disk).
/// Not theirs or unknown -> 404; claimed -> 422.
pub(crate) fn delete_upload(conn: &mut Connection, token: &str, user_id: u64) -> Result<Vec<String>, ApiError> {
    let tx = conn.transaction()?;
    match upload(&tx, token)? {
        Some(u) if u.user_id == user_id as i64 && u.claimed => {
            return Err(ApiError::invalid("token", "InvalidValue", "Token: the upload is attached and stays"));
        }
        Some(u) if u.user_id == user_id as i64 => {}
        _ => return Err(ApiError::NotFound),
    }
    let stored = files_of_upload(&tx, token)?.into_iter().map(|f| f.stored_as).collect();
    tx.execute("DELETE FROM attachments WHERE upload_token = ?1", params![token])?;
    tx.execute("DELETE FROM uploads WHERE token = ?1", params![token])?;
    tx.commit()?;
    Ok(stored)
}

/// Bytes of every file the user has stored, attached or not: what their quota counts.
pub(crate) fn stored_bytes(conn: &Connection, user_id: u64) -> Result<u64, ApiError> {
    let total: i64 = conn
        .prepare_cached("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE user_id = ?1")?
        .query_row(params![user_id as i64], |r| r.get(0))?;
    Ok(u64::try_from(total).unwrap_or(0))
}

/// Forgets the uploads that expired unclaimed before `before` (micros); returns their files'
/// stored names (to delete from disk).
pub(crate) fn sweep_expired(conn: &mut Connection, before: i64) -> Result<Vec<String>, ApiError> {
    let tx = conn.transaction()?;
    let stored = {
        let mut stmt = tx.prepare_cached(
            "SELECT a.stored_as FROM attachments a JOIN uploads u ON u.token = a.upload_token
             WHERE u.claimed_at IS NULL AND u.expires_at < ?1",
        )?;
        stmt.query_map(params![before], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?
    };
    tx.execute(
        "DELETE FROM attachments WHERE upload_token IN
         (SELECT token FROM uploads WHERE claimed_at IS NULL AND expires_at < ?1)",
        params![before],
    )?;
    tx.execute("DELETE FROM uploads WHERE claimed_at IS NULL AND expires_at < ?1", params![before])?;
    tx.commit()?;
    Ok(stored)
}

/// Test hook: every unclaimed upload expires now.
pub(crate) fn expire_all(conn: &Connection, now: i64) -> Result<usize, ApiError> {
    Ok(conn.execute("UPDATE uploads SET expires_at = ?1 WHERE claimed_at IS NULL AND expires_at > ?1", params![now])?)
}
