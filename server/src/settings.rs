//! SDK settings (Helpline): one JSON document per app id, the defaults until an agent changes
//! them. `GET` is public (settings are per app, not per user, and the SDK needs them before
//! anyone signs in) and answers `304 Not Modified` to a matching `If-None-Match`. The agent's
//! `PUT` merges a partial document into the current one (JSON merge patch, RFC 7396), checks
//! the result and stamps `updated_at`, so a test can flip one feature with one small call.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use helpline_protocol::{
    FieldOption, FieldType, HelpCenterSettings, MessagingSettings, RatingSettings, SdkSettings, SettingsEnvelope,
    SupportSettings, TicketField,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::auth::Agent;
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};

const MAX_APP_ID_CHARS: usize = 255;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/private/mobile_sdk/settings/{app_id}", get(show))
        .route("/api/v2/agent/mobile_sdk/settings/{app_id}", put(update))
}

/// What an app gets before an agent changed anything: every feature on (satisfaction ratings
/// too), the demo help center's locales, and rating prompts on with the contract's example
/// thresholds.
pub(crate) fn defaults() -> SdkSettings {
    SdkSettings {
        updated_at: None,
        support: SupportSettings { satisfaction_ratings_enabled: Some(true), ..Default::default() },
        help_center: HelpCenterSettings {
            enabled: true,
            default_locale: "en-us".into(),
            locales: vec!["en-us".into(), "fr".into()],
            synonyms: DEMO_SYNONYMS.clone(),
        },
        messaging: MessagingSettings {
            enabled: true,
            greeting: crate::messaging::bot::DEFAULT_GREETING.into(),
            greetings: [("fr".to_owned(), crate::messaging::bot::DEFAULT_GREETING_FR.to_owned())].into(),
            multiple_conversations: Some(true),
        },
        rating: RatingSettings { enabled: true, ..Default::default() },
    }
}

/// The demo app's settings (`--seed demo`), unless an agent already set them: an optional
/// order number and topic on the contact form, and rating prompts a demo can reach.
pub(crate) fn seed_demo(conn: &Connection, app_id: &str) -> Result<(), ApiError> {
    let exists: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM sdk_settings WHERE app_id = ?1)", params![app_id], |r| r.get(0))?;
    if exists {
        return Ok(());
    }
    let mut settings = defaults();
    settings.support.ticket_form.fields = vec![
        TicketField {
            id: 360001,
            kind: FieldType::Text,
            title: "Order number".into(),
            required: false,
            options: vec![],
        },
        TicketField {
            id: 360002,
            kind: FieldType::Tagger,
            title: "Topic".into(),
            required: false,
            options: [("Bug", "bug"), ("Billing", "billing"), ("Question", "question")]
                .map(|(name, value)| FieldOption { name: name.into(), value: value.into() })
                .into(),
        },
    ];
    settings.rating = RatingSettings {
        enabled: true,
        min_launches: 1,
        min_days_installed: 0,
        min_events: 1,
        remind_after_days: 7,
        store_url_android: Some("https://play.google.com/store/apps/details?id=dev.helpline.demo".into()),
        store_url_ios: Some("https://apps.apple.com/app/id6443000000".into()),
    };
    settings.updated_at = Some(rfc3339(now_micros()));
    save(conn, app_id, &settings)
}

/// The `{app_id}` segment: `my-app.json` (or `my-app`), 1 to 255 printable characters.
fn app_id(segment: &str) -> Result<String, ApiError> {
    let id = segment.strip_suffix(".json").unwrap_or(segment);
    let ok = !id.is_empty() && id.chars().count() <= MAX_APP_ID_CHARS && !id.chars().any(char::is_control);
    ok.then(|| id.to_owned()).ok_or(ApiError::NotFound)
}

/// The demo help center's synonyms (`seed/synonyms.json`), per language: in the defaults, so
/// the SDK's offline search and this server's expand queries alike.
static DEMO_SYNONYMS: std::sync::LazyLock<
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>,
> = std::sync::LazyLock::new(|| {
    serde_json::from_str(include_str!("../seed/synonyms.json")).unwrap_or_else(|e| {
        tracing::error!("seed/synonyms.json is unreadable: {e}");
        Default::default()
    })
});

/// The synonyms of `locale`'s language in the settings of `app_id` (the defaults without
/// one), keyed by folded word, as the search wants them.
pub(crate) fn synonyms(
    conn: &Connection,
    app_id: Option<&str>,
    locale: &str,
) -> Result<helpline_text::Synonyms, ApiError> {
    let settings = match app_id {
        Some(app_id) => load(conn, app_id)?,
        None => defaults(),
    };
    let language = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    Ok(settings
        .help_center
        .synonyms
        .get(&language)
        .map(|words| words.iter().map(|(w, alternatives)| (helpline_text::fold(w), alternatives.clone())).collect())
        .unwrap_or_default())
}

/// The app a request comes from: the SDK names it in every request's `App-Identifier`.
pub(crate) fn requesting_app(headers: &HeaderMap) -> Option<String> {
    let id = headers.get(helpline_protocol::APP_IDENTIFIER)?.to_str().ok()?.trim();
    (!id.is_empty()).then(|| id.to_owned())
}

/// The stored document of an app, or the defaults.
pub(crate) fn load(conn: &Connection, app_id: &str) -> Result<SdkSettings, ApiError> {
    let stored: Option<String> = conn
        .query_row("SELECT settings FROM sdk_settings WHERE app_id = ?1", params![app_id], |r| r.get(0))
        .optional()?;
    match stored {
        Some(json) => serde_json::from_str::<SdkSettings>(&json)
            .map_err(|e| ApiError::Internal(format!("stored settings of {app_id}: {e}"))),
        None => Ok(defaults()),
    }
}

pub(crate) fn save(conn: &Connection, app_id: &str, settings: &SdkSettings) -> Result<(), ApiError> {
    let json = serde_json::to_string(settings).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO sdk_settings (app_id, settings, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(app_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
        params![app_id, json, now_micros()],
    )?;
    Ok(())
}

/// `GET /api/private/mobile_sdk/settings/{app_id}.json`
async fn show(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let app_id = app_id(&segment)?;
    let settings = state.db.call(move |conn| load(conn, &app_id)).await?;
    Ok(respond(StatusCode::OK, &settings, &headers))
}

/// `PUT /api/v2/agent/mobile_sdk/settings/{app_id}.json` `{"settings": {...partial...}}`
async fn update(
    State(state): State<AppState>,
    _: Agent,
    Path(segment): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let app_id = app_id(&segment)?;
    let Some(patch) = body.get("settings").filter(|p| p.is_object()).cloned() else {
        return Err(ApiError::invalid("settings", "InvalidValue", "Settings: must be an object"));
    };
    let settings = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let current = load(&tx, &app_id)?;
            let mut document = serde_json::to_value(&current).map_err(|e| ApiError::Internal(e.to_string()))?;
            merge_patch(&mut document, &patch);
            let mut merged: SdkSettings = serde_json::from_value(document)
                .map_err(|e| ApiError::invalid("settings", "InvalidValue", format!("Settings: {e}")))?;
            check(&merged)?;
            merged.updated_at = Some(rfc3339(now_micros()));
            save(&tx, &app_id, &merged)?;
            tx.commit()?;
            Ok(merged)
        })
        .await?;
    Ok(respond(StatusCode::OK, &settings, &HeaderMap::new()))
}

/// What a helpdesk would refuse to publish: fields the SDK could not tell apart or fill in.
fn check(settings: &SdkSettings) -> Result<(), ApiError> {
    let fields = &settings.support.ticket_form.fields;
    for (i, field) in fields.iter().enumerate() {
        if field.id == 0 || fields[..i].iter().any(|f| f.id == field.id) {
            return Err(ApiError::invalid(
                "settings",
                "InvalidValue",
                format!("Ticket field {}: id must be unique and positive", field.id),
            ));
        }
        if field.kind == FieldType::Tagger
            && (field.options.is_empty() || field.options.iter().any(|o| o.value.trim().is_empty()))
        {
            return Err(ApiError::invalid(
                "settings",
                "InvalidValue",
                format!("Ticket field {}: a tagger needs options with values", field.id),
            ));
        }
    }
    if settings.support.attachments.max_attachment_size == 0 {
        return Err(ApiError::invalid("settings", "InvalidValue", "Max attachment size: must be positive"));
    }
    Ok(())
}

/// RFC 7396: objects merge key by key, `null` removes a key (its default comes back), any
/// other value replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let Value::Object(target) = target else { return };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// 200 with the body and its `ETag`, or 304 (no body) when `If-None-Match` names that tag.
fn respond(status: StatusCode, settings: &SdkSettings, headers: &HeaderMap) -> Response {
    let body = serde_json::to_vec(&SettingsEnvelope { settings: settings.clone() }).unwrap_or_default();
    let etag = etag(&body);
    let tag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|list| list.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == etag || t == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    };
    response.headers_mut().insert(header::ETAG, tag);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A strong tag of the exact body: FNV-1a, 64 bits, stable across restarts.
fn etag(body: &[u8]) -> String {
    let hash =
        body.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("\"{hash:016x}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_merges_objects_and_replaces_the_rest() {
        let mut doc = json!({"a": {"b": 1, "c": [1, 2]}, "d": true});
        merge_patch(&mut doc, &json!({"a": {"b": null, "c": [3]}, "e": "x"}));
        assert_eq!(doc, json!({"a": {"c": [3]}, "d": true, "e": "x"}));
    }

    #[test]
    fn app_ids_and_tags() {
        assert_eq!(app_id("my-app.json").unwrap(), "my-app");
        assert!(app_id(".json").is_err());
        assert!(app_id(&"x".repeat(256)).is_err());
        assert_ne!(etag(b"a"), etag(b"b"));
        assert_eq!(etag(b"a"), etag(b"a"));
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let settings = defaults();
        let tag = etag(&serde_json::to_vec(&SettingsEnvelope { settings: settings.clone() }).unwrap());
        for value in [tag.clone(), format!("W/{tag}"), format!("\"other\", {tag}"), "*".into()] {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&value).unwrap());
            assert_eq!(respond(StatusCode::OK, &settings, &headers).status(), StatusCode::NOT_MODIFIED, "{value}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"stale\""));
        assert_eq!(respond(StatusCode::OK, &settings, &headers).status(), StatusCode::OK);
    }
}
