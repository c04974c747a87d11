//! The contact form screen's state: plain immutable records, the whole screen in one value.

use crate::settings::TicketField;
use crate::{Error, FieldValue, SearchHit, Ticket, TicketDraft};

/// Everything the contact form shows.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContactFormState {
    pub subject: String,
    pub description: String,
    /// The remote form's custom fields, in its order, with what the user gave.
    pub fields: Vec<ContactFormField>,
    /// The files the user picked, in order.
    pub attachments: Vec<StagedAttachment>,
    /// What `create` would refuse, one per field, named as it names them (`subject`,
    /// `description`, `custom_fields.<id>`, `attachments`). Shown once the user tried to
    /// submit, then kept up to date as they edit.
    pub errors: Vec<FieldError>,
    /// Help articles that may answer the question, following what is typed.
    pub suggestions: Vec<SearchHit>,
    pub submit: SubmitState,
}

impl ContactFormState {
    /// The error shown on `field` (`"description"`, `"custom_fields.7"`), if any.
    pub fn error_on(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.reason.as_str())
    }
}

/// One custom field of the remote form and its value.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContactFormField {
    pub field: TicketField,
    pub value: Option<FieldValue>,
}

/// A problem of one field.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FieldError {
    pub field: String,
    /// What is wrong, in English (for logs and the other problems).
    pub reason: String,
    /// The field is required and left empty: a UI says so in the user's language.
    pub missing: bool,
}

/// A file the user picked for the ticket.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StagedAttachment {
    /// Where the app's file is; copied into the SDK when the ticket is submitted.
    pub path: String,
    pub file_name: String,
    pub state: AttachmentState,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AttachmentState {
    /// It will go with the ticket.
    Ready,
    /// It would be refused (missing, empty, too large): the reason, for the user.
    Refused { reason: String },
    /// The ticket is sent and this file is on its way.
    Uploading { sent_bytes: i64, total_bytes: i64 },
    /// The helpdesk has it.
    Uploaded,
}

/// Where the submission stands. (The ticket is held inline: a record crossing the FFI as is.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SubmitState {
    /// The user is writing (after a refused submit, `errors` says why).
    #[default]
    Editing,
    Submitting,
    /// The ticket is on the device, durable: `ticket.delivery` follows it to the helpdesk
    /// (pending while offline, then sent).
    Submitted {
        ticket: Ticket,
    },
    /// `create` failed for a reason other than a field's (support switched off, storage).
    Failed {
        error: Error,
    },
}

impl FieldError {
    /// The field named by a validation error (`None` for another error).
    /// The field's problem `error` names, if it names one; `draft` is what the user wrote.
    pub(crate) fn from_error(error: &Error, draft: &TicketDraft) -> Option<Self> {
        match error {
            Error::Validation { field, reason } => {
                Some(Self { field: field.clone(), reason: reason.clone(), missing: left_empty(draft, field) })
            }
            Error::AttachmentTooLarge { .. } => {
                Some(Self { field: "attachments".into(), reason: error.to_string(), missing: false })
            }
            _ => None,
        }
    }
}

/// Whether `field` of `draft` is empty (only a required field is refused for that).
fn left_empty(draft: &TicketDraft, field: &str) -> bool {
    match field {
        "subject" => draft.subject.trim().is_empty(),
        "description" => draft.description.trim().is_empty(),
        _ => field.strip_prefix("custom_fields.").and_then(|id| id.parse::<i64>().ok()).is_some_and(|id| {
            match draft.custom_fields.iter().find(|f| f.id == id).map(|f| &f.value) {
                None => true,
                Some(FieldValue::Text(text)) => text.trim().is_empty(),
                Some(_) => false,
            }
        }),
    }
}
