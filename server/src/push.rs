//! Push devices (modelled on Zendesk's mobile SDK): the signed-in user registers the device's
//! push token, or removes it. A token names one device, and a device receives the pushes of
//! the user signed in on it: registering a token that belonged to another user moves it.
//! Both calls are idempotent: registering again updates the row (201 each time, the same
//! device id), removing a token that is not there is still 204.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use helpline_protocol::{
    DeviceType, PushData, PushDevice, PushDeviceEnvelope, PushDevicesPage, PushKind, PushPayload, SentPush,
    SentPushesPage, paths,
};
use rusqlite::{Connection, Row, params};

use crate::auth::{Agent, AuthUser};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};

/// FCM tokens are about 160 characters, APNs tokens 64: this leaves room for what comes next.
const MAX_IDENTIFIER_CHARS: usize = 4096;
const MAX_LOCALE_CHARS: usize = 35;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::PUSH_DEVICES, post(register))
        .route("/api/mobile/push_notification_devices/{identifier}", delete(unregister))
        .route(paths::AGENT_PUSH_DEVICES, get(list))
        .route(paths::AGENT_SENT_PUSHES, get(sent))
}

/// Pushes to every device of `user_id` that something changed for them: an agent's answer or
/// a status on a ticket (`TicketUpdated`), or an agent's chat message (`Message`). Written in
/// the caller's transaction, with the change itself.
pub(crate) fn notify(
    conn: &Connection,
    user_id: i64,
    kind: PushKind,
    ticket_id: i64,
    conversation_id: Option<i64>,
    now: i64,
) -> Result<(), ApiError> {
    let data =
        PushData { kind, ticket_id: Some(ticket_id as u64), conversation_id: conversation_id.map(|id| id as u64) };
    let payload =
        serde_json::to_string(&PushPayload { helpline: data }).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO push_notifications (identifier, device_type, user_id, payload, created_at)
         SELECT identifier, device_type, user_id, ?2, ?3 FROM push_devices WHERE user_id = ?1 ORDER BY id",
        params![user_id, payload, now],
    )?;
    Ok(())
}

/// Agent: `GET /api/v2/agent/push_notifications.json`, the pushes sent, oldest first.
async fn sent(State(state): State<AppState>, _: Agent) -> Result<Json<SentPushesPage>, ApiError> {
    let pushes = state
        .db
        .call(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, identifier, device_type, user_id, payload, created_at FROM push_notifications ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                let payload: String = r.get(4)?;
                Ok(SentPush {
                    id: r.get::<_, i64>(0)? as u64,
                    identifier: r.get(1)?,
                    device_type: serde_json::from_value(serde_json::Value::String(r.get(2)?))
                        .unwrap_or(DeviceType::Unknown),
                    user_id: r.get::<_, i64>(3)? as u64,
                    payload: serde_json::from_str(&payload).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
                    })?,
                    created_at: rfc3339(r.get(5)?),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(SentPushesPage { push_notifications: pushes }))
}

const COLUMNS: &str = "id, identifier, device_type, locale, user_id, created_at, updated_at";

fn device(r: &Row<'_>) -> rusqlite::Result<PushDevice> {
    Ok(PushDevice {
        id: Some(r.get::<_, i64>(0)? as u64),
        identifier: r.get(1)?,
        device_type: serde_json::from_value(serde_json::Value::String(r.get(2)?)).unwrap_or(DeviceType::Unknown),
        locale: r.get(3)?,
        user_id: Some(r.get::<_, i64>(4)? as u64),
        created_at: Some(rfc3339(r.get(5)?)),
        updated_at: Some(rfc3339(r.get(6)?)),
    })
}

/// `POST /api/mobile/push_notification_devices.json` -> 201 with the device.
async fn register(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(envelope): JsonBody<PushDeviceEnvelope>,
) -> Result<(StatusCode, Json<PushDeviceEnvelope>), ApiError> {
    let new = envelope.push_notification_device;
    let identifier = new.identifier.trim().to_owned();
    if identifier.is_empty() {
        return Err(ApiError::invalid("identifier", "BlankValue", "Identifier: cannot be blank"));
    }
    if identifier.chars().count() > MAX_IDENTIFIER_CHARS {
        return Err(ApiError::invalid(
            "identifier",
            "TooLong",
            format!("Identifier: is too long (maximum is {MAX_IDENTIFIER_CHARS} characters)"),
        ));
    }
    if identifier.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/') {
        return Err(ApiError::invalid("identifier", "InvalidValue", "Identifier: is invalid"));
    }
    if new.device_type == DeviceType::Unknown {
        return Err(ApiError::invalid("device_type", "InvalidValue", "Device type: must be android or ios"));
    }
    let locale = new.locale.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
    if locale.as_ref().is_some_and(|l| l.chars().count() > MAX_LOCALE_CHARS) {
        return Err(ApiError::invalid("locale", "TooLong", "Locale: is too long"));
    }
    let device_type = new.device_type.as_str();
    let device = state
        .db
        .call(move |conn| {
            let now = now_micros();
            conn.execute(
                "INSERT INTO push_devices (identifier, user_id, device_type, locale, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT(identifier) DO UPDATE SET user_id = excluded.user_id,
                    device_type = excluded.device_type, locale = excluded.locale, updated_at = excluded.updated_at",
                params![identifier, user.id as i64, device_type, locale, now],
            )?;
            let sql = format!("SELECT {COLUMNS} FROM push_devices WHERE identifier = ?1");
            Ok(conn.query_row(&sql, params![identifier], device)?)
        })
        .await?;
    // The end user's view does not say whose device it is: it is theirs.
    let device = PushDevice { user_id: None, ..device };
    Ok((StatusCode::CREATED, Json(PushDeviceEnvelope { push_notification_device: device })))
}

/// `DELETE /api/mobile/push_notification_devices/{identifier}.json` -> 204; only the caller's.
async fn unregister(
    State(state): State<AppState>,
    user: AuthUser,
    Path(segment): Path<String>,
) -> Result<StatusCode, ApiError> {
    let identifier = segment.strip_suffix(".json").unwrap_or(&segment).to_owned();
    state
        .db
        .call(move |conn| {
            conn.execute(
                "DELETE FROM push_devices WHERE identifier = ?1 AND user_id = ?2",
                params![identifier, user.id as i64],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Agent: `GET /api/v2/agent/push_notification_devices.json`, oldest first, with their user.
async fn list(State(state): State<AppState>, _: Agent) -> Result<Json<PushDevicesPage>, ApiError> {
    let devices = state.db.call(all).await?;
    Ok(Json(PushDevicesPage { push_notification_devices: devices }))
}

fn all(conn: &mut Connection) -> Result<Vec<PushDevice>, ApiError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM push_devices ORDER BY id"))?;
    let rows = stmt.query_map([], device)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
