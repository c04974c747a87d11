//! Article attachments: the list of an article (`.../articles/{id}/attachments.json`) and
//! their content at `/hc/article_attachments/{id}/{file_name}`. The reference server keeps no
//! files: it serves a small valid file of the declared type, padded to the declared size.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{ArticleAttachment, ArticleAttachmentsPage};
use rusqlite::{Connection, OptionalExtension, params};

use super::LOCALE_PREFIXES;
use super::locale::Locale;
use super::rows;
use crate::errors::ApiError;
use crate::query::encode;
use crate::record_id::{RecordId, parse};
use crate::state::AppState;

/// Served content never exceeds this, whatever size an attachment declares.
const MAX_SERVED_BYTES: u64 = 5 * 1024 * 1024;
/// A 1x1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
/// A 1x1 transparent GIF.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
/// A one-page empty PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

pub(crate) fn routes() -> Router<AppState> {
    LOCALE_PREFIXES
        .iter()
        .fold(Router::new(), |router, prefix| {
            router.route(&format!("{prefix}/articles/{{id}}/attachments.json"), get(list))
        })
        .route("/hc/article_attachments/{id}/{file_name}", get(content))
}

struct AttachmentRow {
    id: i64,
    article_id: i64,
    file_name: String,
    content_type: String,
    size: u64,
    inline: bool,
}

impl AttachmentRow {
    fn to_wire(&self, base_url: &str) -> ArticleAttachment {
        ArticleAttachment {
            id: self.id as u64,
            article_id: self.article_id as u64,
            file_name: self.file_name.clone(),
            content_url: format!("{base_url}/hc/article_attachments/{}/{}", self.id, encode(&self.file_name)),
            content_type: self.content_type.clone(),
            size: self.size,
            inline: self.inline,
        }
    }
}

const COLUMNS: &str = "id, article_id, file_name, content_type, size, inline";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        file_name: r.get(2)?,
        content_type: r.get(3)?,
        size: r.get::<_, i64>(4)?.max(0) as u64,
        inline: r.get(5)?,
    })
}

/// The attachments of article `id`, oldest first.
pub(super) fn of_article(conn: &Connection, base_url: &str, id: i64) -> Result<Vec<ArticleAttachment>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM hc_article_attachments WHERE article_id = ?1 ORDER BY id");
    let rows = conn.prepare_cached(&sql)?.query_map(params![id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows.iter().map(|a| a.to_wire(base_url)).collect())
}

/// `GET .../articles/{id}/attachments.json` of a published article in this locale.
async fn list(
    State(state): State<AppState>,
    Locale(locale): Locale,
    RecordId(id): RecordId,
) -> Result<Json<ArticleAttachmentsPage>, ApiError> {
    let base_url = state.base_url.clone();
    let article_attachments = state
        .db
        .call(move |conn| {
            rows::published_article(conn, id, locale)?.ok_or(ApiError::NotFound)?;
            of_article(conn, &base_url, id)
        })
        .await?;
    Ok(Json(ArticleAttachmentsPage { article_attachments }))
}

/// `GET /hc/article_attachments/{id}/{file_name}`: the name must match, the article be live.
async fn content(State(state): State<AppState>, Path((id, file_name)): Path<(String, String)>) -> Response {
    let Some(id) = parse(&id) else { return ApiError::NotFound.into_response() };
    let found = state
        .db
        .call(move |conn| {
            let sql = format!(
                "SELECT {COLUMNS} FROM hc_article_attachments WHERE id = ?1 AND article_id IN
                 (SELECT id FROM hc_articles WHERE archived_at IS NULL)"
            );
            Ok(conn.query_row(&sql, params![id], from_row).optional()?)
        })
        .await;
    match found {
        Ok(Some(row)) if row.file_name == file_name => {
            let content_type = HeaderValue::from_str(&row.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            ([(header::CONTENT_TYPE, content_type)], placeholder(&row.content_type, row.size)).into_response()
        }
        Ok(_) => ApiError::NotFound.into_response(),
        Err(e) => e.into_response(),
    }
}

/// A valid file of `content_type` where the server knows one, padded to `size` bytes.
fn placeholder(content_type: &str, size: u64) -> Vec<u8> {
    let kind = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (prefix, pad): (&[u8], u8) = match kind.as_str() {
        "image/png" => (PNG, 0),
        "image/gif" => (GIF, 0),
        "application/pdf" => (PDF, b'\n'),
        k if k.starts_with("text/") => (b"Helpline demo attachment.\n", b'\n'),
        _ => (&[], 0),
    };
    let mut bytes = prefix.to_vec();
    bytes.resize((size.min(MAX_SERVED_BYTES) as usize).max(prefix.len()), pad);
    bytes
}

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn placeholders_have_the_declared_size_and_type() {
        let png = placeholder("image/png", 1000);
        assert_eq!((png.len(), &png[1..4]), (1000, &b"PNG"[..]));
        assert_eq!(placeholder("image/png", 0).len(), 67);
        assert!(placeholder("application/pdf; charset=binary", 10).starts_with(b"%PDF"));
        assert_eq!(placeholder("application/zip", 12), vec![0; 12]);
        assert_eq!(placeholder("video/mp4", u64::MAX).len(), 5 * 1024 * 1024);
    }
}
