//! Uploads and attachments: Zendesk's Uploads API.
//!
//! `POST /api/v2/uploads.json?filename=NAME[&token=T]` with the file as the raw body and its
//! `Content-Type` answers an [`UploadEnvelope`]: the token goes into a comment's (or a chat
//! message's) `uploads`; the same token again adds a file to the same upload. Tokens expire
//! (`expires_at`); a create naming an expired or unknown token answers 422 naming `uploads`,
//! and the client uploads again. Over the size limit -> 413. Helpline adds the
//! [`crate::APP_IDENTIFIER`] header, so that the app's SDK settings set the limit.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: u64,
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub content_url: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub thumbnails: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    pub token: String,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub attachment: Option<Attachment>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadEnvelope {
    pub upload: Upload,
}
