//! The help center's locales: `{locale}` of a path (`/api/v2/help_center/fr/...`) or the
//! `locale` of a query or body. Paths without a locale read the default one, as in Zendesk.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::errors::ApiError;

pub(crate) const DEFAULT_LOCALE: &str = "en-us";
/// Every locale the help center is written in (CONTRACT.md, SDK settings).
pub(crate) const LOCALES: &[&str] = &[DEFAULT_LOCALE, "fr"];

/// A known locale, case-insensitive (`en-US` is `en-us`).
pub(crate) fn parse_locale(s: &str) -> Option<&'static str> {
    LOCALES.iter().copied().find(|l| l.eq_ignore_ascii_case(s.trim()))
}

/// The help center's locale for an app's (`fr-FR` -> `fr`), if it has one.
pub(crate) fn help_center_locale(s: &str) -> Option<&'static str> {
    parse_locale(s).or_else(|| parse_locale(s.split(['-', '_']).next().unwrap_or_default()))
}

/// A `locale` parameter of a query or body: absent is the default, unknown is a 422.
pub(crate) fn locale_param(value: Option<&str>) -> Result<&'static str, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(DEFAULT_LOCALE),
        Some(v) => parse_locale(v).ok_or_else(|| {
            ApiError::invalid("locale", "InvalidValue", format!("Locale: must be one of {}", LOCALES.join(", ")))
        }),
    }
}

/// The route's `{locale}`, or the default locale on routes without one; unknown -> 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Locale(pub &'static str);

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) =
            Path::<Vec<(String, String)>>::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        match params.iter().find(|(name, _)| name == "locale") {
            None => Ok(Locale(DEFAULT_LOCALE)),
            Some((_, value)) => parse_locale(value).map(Locale).ok_or(ApiError::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(parse_locale("en-US"), Some("en-us"));
        assert_eq!(parse_locale("fr"), Some("fr"));
        assert_eq!(parse_locale("de"), None);
        assert_eq!(locale_param(None).ok(), Some("en-us"));
        assert_eq!(locale_param(Some(" ")).ok(), Some("en-us"));
        assert!(locale_param(Some("xx")).is_err());
    }
}
