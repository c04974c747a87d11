//! App context (CONTRACT.md, "App context"): the rules for a user's fields and a new ticket's
//! `metadata`, and how the agent sees them. The routes are in `user_fields` and `requests`.

use helpline_protocol::{
    MAX_BREADCRUMB_CHARS, MAX_BREADCRUMBS, MAX_CUSTOM_METADATA, MAX_METADATA_BYTES, MAX_USER_FIELDS, RequestMetadata,
    UserFields, field_value_problem, is_field_name,
};

use crate::errors::ApiError;

/// Checks named values (user fields, or a ticket's custom metadata) for `field` (the error's
/// prefix); `nullable`: `null` is allowed (it removes a user field).
pub(crate) fn check_fields(fields: &UserFields, field: &str, nullable: bool) -> Result<(), ApiError> {
    for (name, value) in fields {
        if !is_field_name(name) {
            return Err(ApiError::InvalidNamed {
                field: format!("{field}.{name}"),
                error: "InvalidValue",
                description: format!("User fields: {name} is not a valid field name"),
            });
        }
        if let Some(problem) = field_value_problem(value, nullable) {
            return Err(ApiError::InvalidNamed {
                field: format!("{field}.{name}"),
                error: "InvalidValue",
                description: format!("User fields: {name} {problem}"),
            });
        }
    }
    Ok(())
}

/// `current` with `update` merged in (`null` removes), refused past `MAX_USER_FIELDS`.
pub(crate) fn merge_user_fields(mut current: UserFields, update: UserFields) -> Result<UserFields, ApiError> {
    for (name, value) in update {
        if value.is_null() {
            current.remove(&name);
        } else {
            current.insert(name, value);
        }
    }
    if current.len() > MAX_USER_FIELDS {
        return Err(ApiError::invalid(
            "user_fields",
            "TooMany",
            format!("User fields: a user has at most {MAX_USER_FIELDS}"),
        ));
    }
    Ok(current)
}

/// A new ticket's metadata, checked, as stored (`None`: none sent, or empty).
pub(crate) fn metadata_column(metadata: Option<RequestMetadata>) -> Result<Option<String>, ApiError> {
    let Some(metadata) = metadata.filter(|m| !m.is_empty()) else { return Ok(None) };
    check_fields(&metadata.custom, "metadata.custom", false)?;
    let too_many = metadata.custom.len() > MAX_CUSTOM_METADATA || metadata.breadcrumbs.len() > MAX_BREADCRUMBS;
    let too_long = metadata.breadcrumbs.iter().any(|b| b.text.chars().count() > MAX_BREADCRUMB_CHARS);
    let encoded = serde_json::to_string(&metadata).map_err(|e| ApiError::Internal(e.to_string()))?;
    if too_many || too_long || encoded.len() > MAX_METADATA_BYTES {
        return Err(ApiError::invalid(
            "metadata",
            "TooLong",
            format!(
                "Metadata: at most {MAX_CUSTOM_METADATA} custom values, {MAX_BREADCRUMBS} breadcrumbs of \
                 {MAX_BREADCRUMB_CHARS} characters, {MAX_METADATA_BYTES} bytes"
            ),
        ));
    }
    Ok(Some(encoded))
}

/// What the agent sees of a ticket's context: what came with it, or with the conversation it
/// is the request of (that metadata is free-form: only its known parts are shown).
pub(crate) fn metadata_of(stored: Option<String>, conversation: Option<String>) -> Option<RequestMetadata> {
    let parse = |json: String| serde_json::from_str::<RequestMetadata>(&json).ok();
    stored.and_then(parse).or_else(|| conversation.and_then(parse)).filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: serde_json::Value) -> UserFields {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn fields_merge_and_null_removes() {
        let merged = merge_user_fields(
            fields(json!({"plan": "free", "seats": 1})),
            fields(json!({"plan": "pro", "seats": null})),
        )
        .unwrap();
        assert_eq!(merged, fields(json!({"plan": "pro"})));
        let many: UserFields = (0..=MAX_USER_FIELDS).map(|i| (format!("f{i}"), json!(i))).collect();
        assert!(matches!(
            merge_user_fields(UserFields::new(), many),
            Err(ApiError::Invalid { field: "user_fields", .. })
        ));
    }

    #[test]
    fn bad_names_and_values_are_named() {
        let err = check_fields(&fields(json!({"Plan": "pro"})), "user_fields", true).unwrap_err();
        assert!(matches!(err, ApiError::InvalidNamed { ref field, .. } if field == "user_fields.Plan"), "{err:?}");
        let err = check_fields(&fields(json!({"plan": ["a"]})), "user_fields", true).unwrap_err();
        assert!(matches!(err, ApiError::InvalidNamed { ref field, .. } if field == "user_fields.plan"), "{err:?}");
        assert!(check_fields(&fields(json!({"plan": null})), "metadata.custom", false).is_err());
    }

    #[test]
    fn metadata_is_bounded_and_a_conversations_is_read_leniently() {
        assert_eq!(metadata_column(Some(RequestMetadata::default())).unwrap(), None, "empty: nothing kept");
        let crumbs = json!({"breadcrumbs": [{"text": "x".repeat(MAX_BREADCRUMB_CHARS + 1), "at": ""}]});
        let long: RequestMetadata = serde_json::from_value(crumbs).unwrap();
        assert!(metadata_column(Some(long)).is_err());
        let chat = json!({"platform": "ios", "locale": "fr", "breadcrumbs": [{"text": "Opened", "at": "t"}]});
        let seen = metadata_of(None, Some(chat.to_string())).unwrap();
        assert_eq!(seen.breadcrumbs[0].text, "Opened");
        assert_eq!(metadata_of(None, Some(r#"{"screen": "checkout"}"#.into())), None, "nothing the agent view knows");
        assert_eq!(metadata_of(None, Some("null".into())), None);
    }
}
