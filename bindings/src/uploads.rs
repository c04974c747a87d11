//! Attachments: the files of comments and chat messages.

use helpline_core as core;

/// A file attached to a comment or a chat message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Attachment {
    /// The helpdesk's id; `None` while the file waits on the device to be sent.
    pub id: Option<u64>,
    pub file_name: String,
    /// Where the helpdesk serves it (with the user's access token); `None` while it waits.
    pub content_url: Option<String>,
    pub content_type: String,
    /// Bytes.
    pub size: u64,
}

impl From<core::Attachment> for Attachment {
    fn from(a: core::Attachment) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name,
            content_url: a.content_url,
            content_type: a.content_type,
            size: a.size,
        }
    }
}

impl From<Attachment> for core::Attachment {
    fn from(a: Attachment) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name,
            content_url: a.content_url,
            content_type: a.content_type,
            size: a.size,
        }
    }
}

pub(crate) fn attachments(list: Vec<core::Attachment>) -> Vec<Attachment> {
    list.into_iter().map(Into::into).collect()
}
