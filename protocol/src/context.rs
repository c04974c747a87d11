//! App context: what the app tells the helpdesk about its user and their situation, so an agent
//! need not ask. The user's fields (Zendesk's `user_fields`, set on `users/me`), and what goes
//! with a new ticket or conversation (`metadata`: the app's own values, the device's facts, the
//! user's last steps in the app).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most fields a user has (the reference helpdesk's bound; the SDK checks it first).
pub const MAX_USER_FIELDS: usize = 50;
/// The longest field name, in characters: `[a-z0-9_]`, 1 to this many.
pub const MAX_USER_FIELD_NAME_CHARS: usize = 64;
/// The longest text value, in characters.
pub const MAX_USER_FIELD_VALUE_CHARS: usize = 1_024;
/// The most custom values on one ticket (same names, same values as user fields).
pub const MAX_CUSTOM_METADATA: usize = 50;
/// The most breadcrumbs that go with a ticket or a conversation.
pub const MAX_BREADCRUMBS: usize = 20;
/// The longest breadcrumb, in characters (a longer one is cut by the SDK).
pub const MAX_BREADCRUMB_CHARS: usize = 200;
/// The largest `metadata` of a new request or conversation, encoded (the reference helpdesk's).
pub const MAX_METADATA_BYTES: usize = 16 * 1024;

/// The user's fields by name: a string, a number or a boolean each (Zendesk's text, decimal or
/// integer, and checkbox fields). In a `PUT`, `null` removes a field.
pub type UserFields = BTreeMap<String, serde_json::Value>;

/// Whether `name` may name a user field or a custom value: 1 to 64 of `[a-z0-9_]`, the keys
/// Zendesk gives its user fields.
pub fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_USER_FIELD_NAME_CHARS
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Why `value` may not be a user field's or a custom value's (`None`: it may). Strings up to
/// 1,024 characters, finite numbers, booleans; `null` only where it removes (`nullable`).
pub fn field_value_problem(value: &serde_json::Value, nullable: bool) -> Option<String> {
    match value {
        serde_json::Value::String(s) if s.chars().count() > MAX_USER_FIELD_VALUE_CHARS => {
            Some(format!("is longer than {MAX_USER_FIELD_VALUE_CHARS} characters"))
        }
        serde_json::Value::String(_) | serde_json::Value::Number(_) | serde_json::Value::Bool(_) => None,
        serde_json::Value::Null if nullable => None,
        _ => Some("must be a string, a number or a boolean".into()),
    }
}

/// Body of `PUT /api/v2/users/me.json`: the fields to set, merged into the user's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UserFieldsUpdate {
    pub user_fields: UserFields,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserFieldsUpdateEnvelope {
    pub user: UserFieldsUpdate,
}

/// The device and the app, as the SDK reports them (no identifier of the device or the user).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeviceFacts {
    /// `android`, `ios`, `jvm`, `rust`.
    #[serde(default)]
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    #[serde(default)]
    pub sdk_version: String,
    #[serde(default)]
    pub locale: String,
}

/// One step the user took in the app, as the app described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breadcrumb {
    pub text: String,
    /// When, RFC 3339.
    pub at: String,
}

/// `metadata` of a new request (Zendesk's write-only ticket `metadata`, which a Zendesk account
/// keeps in the creation audit's `metadata.custom`), and what the reference helpdesk shows the
/// agent on the ticket. Every part is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestMetadata {
    /// The app's own values for this ticket (an order number, a screen): named like user fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: UserFields,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceFacts>,
    /// The user's last steps, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadcrumbs: Vec<Breadcrumb>,
}

impl RequestMetadata {
    pub fn is_empty(&self) -> bool {
        self.custom.is_empty() && self.device.is_none() && self.breadcrumbs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_and_values() {
        assert!(is_field_name("plan") && is_field_name("seats_2") && is_field_name(&"a".repeat(64)));
        for bad in ["", "Plan", "plan-type", "plan type", "é", &"a".repeat(65)] {
            assert!(!is_field_name(bad), "{bad:?}");
        }
        assert_eq!(field_value_problem(&json!("pro"), false), None);
        assert_eq!(field_value_problem(&json!(2.5), false), None);
        assert_eq!(field_value_problem(&json!(true), false), None);
        assert_eq!(field_value_problem(&json!(null), true), None);
        assert!(field_value_problem(&json!(null), false).is_some());
        assert!(field_value_problem(&json!(["a"]), true).is_some());
        assert!(field_value_problem(&json!({"a": 1}), true).is_some());
        assert!(field_value_problem(&json!("x".repeat(1025)), false).is_some());
    }
}
