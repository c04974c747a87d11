//! The `{id}` of a path (`/requests/42.json` or `/requests/42`): anything else is a 404, in JSON.
//! Routes with several parameters (`/help_center/{locale}/articles/{id}`) name theirs `id`.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::errors::ApiError;

/// A record id taken from the route's `id` parameter, else its first one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for RecordId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) =
            Path::<Vec<(String, String)>>::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        let segment = params.iter().find(|(name, _)| name == "id").or(params.first());
        segment.and_then(|(_, v)| parse(v)).map(RecordId).ok_or(ApiError::NotFound)
    }
}

pub(crate) fn parse(segment: &str) -> Option<i64> {
    let digits = segment.strip_suffix(".json").unwrap_or(segment);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn ids() {
        assert_eq!(parse("42.json"), Some(42));
        assert_eq!(parse("42"), Some(42));
        for bad in ["", ".json", "-1.json", "0.json", "4x.json", "99999999999999999999.json", "+4"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
