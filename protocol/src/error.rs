//! Error bodies: `{"error": "...", "description": "...", "details": {...}}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Per-field validation problems (422), keyed by field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, Vec<ErrorDetail>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub error: String,
}

impl ErrorBody {
    pub fn new(error: impl Into<String>, description: impl Into<String>) -> Self {
        Self { error: error.into(), description: Some(description.into()), details: BTreeMap::new() }
    }

    /// A 422 body naming one invalid field.
    pub fn invalid(field: &str, error: &str, description: impl Into<String>) -> Self {
        let description = description.into();
        let mut details = BTreeMap::new();
        details
            .insert(field.to_owned(), vec![ErrorDetail { description: description.clone(), error: error.to_owned() }]);
        Self { error: "RecordInvalid".into(), description: Some(description), details }
    }

    /// The first field named in `details`, with its reason: what a Validation error reports.
    pub fn first_invalid_field(&self) -> Option<(&str, &str)> {
        self.details
            .iter()
            .find_map(|(field, problems)| problems.first().map(|p| (field.as_str(), p.description.as_str())))
    }
}
