//! Uploads and attachments: Zendesk's Uploads API.

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
