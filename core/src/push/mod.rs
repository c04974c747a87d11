//! Push notifications: the device's token registered for the signed-in user, and a push's
//! payload turned into a targeted sync.
//!
//! Registering goes through the outbox like any write (durable, sent once, in order). The
//! device remembers which user its token was queued for: registering the same token again
//! is a no-op, a new token replaces the old one (which is unregistered), and after
//! `set_identity` switches user (whose queued writes are wiped) the token is queued again
//! for the new user. The helpdesk moves a token to the user who registers it last.

mod db;
pub(crate) mod payload;

use std::sync::Arc;

use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::kernel::Kernel;
use crate::messaging::ChatCore;
use crate::numbers::signed;
use crate::outbox::{self, Entry, OutboxKind};
use crate::store::{Owned, Scope};
use crate::tickets::Tickets;
use crate::transport::ApiRequest;
use crate::{Error, Event, Identity, Result};

/// FCM tokens are about 160 characters, APNs tokens 64.
const MAX_TOKEN_CHARS: usize = 4096;
/// What the outbox shows as the target of a push registration.
const TARGET: &str = "push-device";

/// Where a push leads the app.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PushTarget {
    /// A ticket was answered or changed: open it. `ticket_id` is the local id (`None` if the
    /// device could not fetch a ticket it did not have); `synced` says the ticket and its
    /// comments were brought from the helpdesk just now (false offline: the next sync will).
    Ticket { remote_id: i64, ticket_id: Option<String>, synced: bool },
    /// A live-chat message arrived in this conversation (`Event::PushMessage` was emitted).
    /// `synced` says its new messages were brought just now (it is the active conversation
    /// and the helpdesk answered); otherwise the next `start` or `refresh` brings them.
    Conversation { conversation_id: i64, ticket_id: Option<i64>, synced: bool },
}

/// The device's token: the install's, registered again for each user.
const TABLES: Owned = Owned { owner: "push", scope: Scope::Install, tables: &["push_device"] };

/// Makes push part of the SDK: the token's writes, its table.
pub(crate) fn register(kernel: &Arc<Kernel>) {
    kernel.handlers.register(PushWrites::KINDS, Arc::new(PushWrites(Arc::clone(kernel))));
    kernel.store.tables.declare(TABLES);
}

/// Outbox payload of a registration.
#[derive(Debug, Serialize, Deserialize)]
struct RegisterPayload {
    token: String,
    device_type: wire::DeviceType,
    locale: String,
    /// The user it is meant for (see `user_key`).
    user_key: String,
}

/// Outbox payload of an unregistration.
#[derive(Debug, Serialize, Deserialize)]
struct UnregisterPayload {
    token: String,
}

/// Who the signed-in user is, as far as push goes: the anonymous install, or the JWT user.
fn user_key(kernel: &Kernel) -> Option<String> {
    match kernel.session.identity()? {
        Identity::Anonymous { .. } => Some(format!("anonymous:{}", kernel.session.install_id())),
        Identity::Jwt { user_token } => Some(format!("jwt:{user_token}")),
    }
}

fn device_type(kernel: &Kernel) -> Result<wire::DeviceType> {
    match kernel.config.platform.trim().to_ascii_lowercase().as_str() {
        "android" => Ok(wire::DeviceType::Android),
        "ios" => Ok(wire::DeviceType::Ios),
        other => Err(Error::validation("platform", format!("push needs the platform android or ios, not {other:?}"))),
    }
}

/// Stores the device's push token and queues its registration for the signed-in user (or
/// for the next one set, when none is). The same token again changes nothing.
pub(crate) fn register_token(kernel: &Kernel, token: &str) -> Result<()> {
    let token = token.trim();
    if token.is_empty()
        || token.chars().count() > MAX_TOKEN_CHARS
        || !token.chars().all(|c| c.is_ascii_graphic() && c != '/')
    {
        return Err(Error::validation(
            "token",
            format!("must be 1 to {MAX_TOKEN_CHARS} printable ASCII characters, no spaces or slashes"),
        ));
    }
    let device_type = device_type(kernel)?;
    kernel.store.write(|tx| {
        let previous = db::device(tx)?;
        if let Some(previous) = previous.as_ref().filter(|p| p.token != token) {
            // The old token is dead: the helpdesk should stop using it.
            if previous.queued_for.is_some() && previous.queued_for == user_key(kernel) {
                outbox::enqueue(
                    tx,
                    OutboxKind::UnregisterPush,
                    TARGET,
                    &UnregisterPayload { token: previous.token.clone() },
                )?;
            }
        }
        db::set_token(tx, token, device_type.as_str())
    })?;
    ensure_registered(kernel)
}

/// Queues the stored token's registration if the signed-in user does not have it yet
/// (a new token, a new user, or a queued registration wiped with the previous user's data).
pub(crate) fn ensure_registered(kernel: &Kernel) -> Result<()> {
    let Some(key) = user_key(kernel) else { return Ok(()) };
    let item = kernel.store.write(|tx| {
        let Some(device) = db::device(tx)? else { return Ok(None) };
        let done = device.queued_for.as_deref() == Some(key.as_str()) && (device.sent || db::registration_queued(tx)?);
        if done {
            return Ok(None);
        }
        let payload = RegisterPayload {
            token: device.token.clone(),
            device_type: serde_json::from_value(json!(device.device_type)).unwrap_or(wire::DeviceType::Unknown),
            locale: kernel.locale(),
            user_key: key.clone(),
        };
        db::queued_for(tx, &key)?;
        Ok(Some(outbox::enqueue(tx, OutboxKind::RegisterPush, TARGET, &payload)?))
    })?;
    if let Some(item) = item {
        kernel.events.emit(Event::OutboxChanged { item });
        kernel.outbox.nudge();
    }
    Ok(())
}

/// Forgets the token and queues its removal from the helpdesk (if it was registered for
/// the signed-in user). Without a token, nothing happens.
pub(crate) fn unregister(kernel: &Kernel) -> Result<()> {
    let key = user_key(kernel);
    let item = kernel.store.write(|tx| {
        let Some(device) = db::device(tx)? else { return Ok(None) };
        db::forget(tx)?;
        if key.is_none() || device.queued_for != key {
            return Ok(None);
        }
        Ok(Some(outbox::enqueue(tx, OutboxKind::UnregisterPush, TARGET, &UnregisterPayload { token: device.token })?))
    })?;
    if let Some(item) = item {
        kernel.events.emit(Event::OutboxChanged { item });
        kernel.outbox.nudge();
    }
    Ok(())
}

/// Sign-out: the helpdesk should stop sending the leaving user's pushes to this device. Their
/// queued writes and access token are about to be wiped, so the removal is not queued: it is
/// returned, for sign-out to send with their token, best effort (offline, it is lost; the next
/// user's registration moves the token anyway). The token stays on the device, registered
/// again for the next user.
pub(crate) fn before_sign_out(kernel: &Arc<Kernel>) -> Result<Option<ApiRequest>> {
    let Some(device) = kernel.store.read(db::device)? else { return Ok(None) };
    let registered = device.queued_for.is_some() && device.queued_for == user_key(kernel);
    kernel.store.write(db::reset_registration)?;
    if !registered {
        return Ok(None);
    }
    let mut url = kernel.session.transport.url(&paths::push_device("x"));
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop().push(&format!("{}.json", device.token));
    }
    Ok(Some(ApiRequest::write(Method::DELETE, url, json!({}), &uuid::Uuid::new_v4().to_string())))
}

/// The stored push token, if any.
pub(crate) fn token(kernel: &Kernel) -> Result<Option<String>> {
    Ok(kernel.store.read(db::device)?.map(|d| d.token))
}

/// Push's side of the outbox: the device token's registration and removal.
pub(crate) struct PushWrites(pub(crate) Arc<Kernel>);

impl PushWrites {
    pub(crate) const KINDS: &[OutboxKind] = &[OutboxKind::RegisterPush, OutboxKind::UnregisterPush];
}

#[async_trait::async_trait]
impl crate::outbox::WriteHandler for PushWrites {
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        deliver(&self.0, entry).await
    }

    /// Housekeeping the user never sees.
    fn user_visible(&self) -> bool {
        false
    }
}

/// Sends one queued registration or removal.
async fn deliver(kernel: &Kernel, entry: &Entry) -> Result<()> {
    let transport = &kernel.session.transport;
    let item = match entry.item.kind {
        OutboxKind::RegisterPush => {
            let payload: RegisterPayload = entry.payload()?;
            let device = wire::PushDevice {
                id: None,
                identifier: payload.token.clone(),
                device_type: payload.device_type,
                locale: Some(payload.locale.clone()).filter(|l| !l.is_empty()),
                user_id: None,
                created_at: None,
                updated_at: None,
            };
            let body = json!(wire::PushDeviceEnvelope { push_notification_device: device });
            let call =
                ApiRequest::write(Method::POST, transport.url(paths::PUSH_DEVICES), body, &entry.idempotency_key);
            let _: serde::de::IgnoredAny = kernel.session.call(&call).await?;
            kernel.store.write(|tx| {
                db::mark_sent(tx, &payload.token, &payload.user_key)?;
                outbox::complete(tx, entry.item.id)
            })?
        }
        OutboxKind::UnregisterPush => {
            let payload: UnregisterPayload = entry.payload()?;
            let mut url = transport.url(&paths::push_device("x"));
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop().push(&format!("{}.json", payload.token));
            }
            let call = ApiRequest::write(Method::DELETE, url, json!({}), &entry.idempotency_key);
            let _: serde::de::IgnoredAny = kernel.session.call(&call).await?;
            kernel.store.write(|tx| outbox::complete(tx, entry.item.id))?
        }
        other => return Err(Error::Internal { reason: format!("{other:?} is not a push write") }),
    };
    kernel.events.emit(Event::OutboxChanged { item });
    Ok(())
}

/// Reads a push payload and syncs what it names (see `Helpline::handle_push`).
pub(crate) async fn handle(kernel: &Arc<Kernel>, chat: &ChatCore, payload_json: &str) -> Result<PushTarget> {
    match payload::parse(payload_json)? {
        payload::Push::TicketUpdated { ticket_id: remote_id } => {
            let remote_id = signed(remote_id);
            let tickets = Tickets::new(Arc::clone(kernel));
            match tickets.refresh_by_remote_id(remote_id).await {
                Ok(detail) => Ok(PushTarget::Ticket { remote_id, ticket_id: Some(detail.ticket.id), synced: true }),
                Err(e) if e.is_transient() => {
                    let known = tickets.find_by_remote_id(remote_id)?.map(|t| t.id);
                    Ok(PushTarget::Ticket { remote_id, ticket_id: known, synced: false })
                }
                Err(e) => Err(e),
            }
        }
        payload::Push::Message { conversation_id, ticket_id } => {
            let (conversation_id, ticket_id) = (signed(conversation_id), ticket_id.map(signed));
            let synced = crate::messaging::sync_pushed(chat, conversation_id).await?;
            kernel.events.emit(Event::PushMessage { conversation_id });
            Ok(PushTarget::Conversation { conversation_id, ticket_id, synced })
        }
    }
}
