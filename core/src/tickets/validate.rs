//! Checks on user input, before anything is stored: each error names its field.

use crate::tickets::model::TicketDraft;
use crate::{Error, Result};

pub(crate) const MAX_SUBJECT_CHARS: usize = 255;
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_TAG_CHARS: usize = 80;

pub(crate) fn draft(draft: &TicketDraft) -> Result<()> {
    draft_errors(draft).into_iter().next().map_or(Ok(()), Err)
}

/// Every problem of the draft, in the order `draft` meets them: one per field at most, for a
/// form that shows each error on its field.
pub(crate) fn draft_errors(draft: &TicketDraft) -> Vec<Error> {
    let mut errors = vec![];
    if draft.subject.chars().count() > MAX_SUBJECT_CHARS {
        errors.push(Error::validation("subject", format!("is longer than {MAX_SUBJECT_CHARS} characters")));
    }
    errors.extend(body("description", &draft.description).err());
    if let Some(tag) = draft.tags.iter().find(|tag| {
        tag.trim().is_empty() || tag.chars().any(char::is_whitespace) || tag.chars().count() > MAX_TAG_CHARS
    }) {
        errors.push(Error::validation(
            "tags",
            format!("{tag:?} is not a tag (one word, at most {MAX_TAG_CHARS} characters)"),
        ));
    }
    if let Some(field) = draft.custom_fields.iter().find(|field| field.id <= 0) {
        errors.push(Error::validation("custom_fields", format!("field id {} does not exist", field.id)));
    }
    errors
}

/// A description or a comment: not blank, at most 64 KiB.
pub(crate) fn body(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::validation(field, "cannot be blank"));
    }
    if text.len() > MAX_BODY_BYTES {
        return Err(Error::validation(field, format!("is {} bytes, over the limit of {MAX_BODY_BYTES}", text.len())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<()>) -> String {
        match r {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn each_rule_names_its_field() {
        let ok = TicketDraft { subject: "Hi".into(), description: "Help".into(), ..Default::default() };
        assert!(draft(&ok).is_ok());
        assert_eq!(field_of(draft(&TicketDraft { description: "  \n".into(), ..ok.clone() })), "description");
        assert_eq!(field_of(draft(&TicketDraft { subject: "é".repeat(256), ..ok.clone() })), "subject");
        assert!(draft(&TicketDraft { subject: "é".repeat(255), ..ok.clone() }).is_ok(), "255 characters, not bytes");
        assert_eq!(
            field_of(draft(&TicketDraft { description: "x".repeat(MAX_BODY_BYTES + 1), ..ok.clone() })),
            "description"
        );
        assert_eq!(field_of(draft(&TicketDraft { tags: vec!["two words".into()], ..ok.clone() })), "tags");
        let negative = vec![crate::CustomFieldValue { id: -1, value: crate::FieldValue::Bool(true) }];
        assert_eq!(field_of(draft(&TicketDraft { custom_fields: negative, ..ok.clone() })), "custom_fields");
        assert_eq!(field_of(body("body", "")), "body");
    }
}
