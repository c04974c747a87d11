//! App context: what the app tells the helpdesk about its user and their situation, so that an
//! agent need not ask (CONTRACT.md, "App context").
//!
//! - The user's attributes (Zendesk's user fields): checked, stored at once, sent through the
//!   outbox, all of them in one write that a newer change replaces (`enqueue_latest`): only the
//!   latest goes. Setting the values already kept sends nothing.
//! - Breadcrumbs: the app's description of the user's last steps, the latest 20 kept in SQLite.
//! - The device's facts (unless `Config::send_device_info` is off).
//!
//! The last two, and the app's own values for a ticket, go with each new ticket (`metadata`)
//! and each new conversation (its metadata), as the agent's context.

mod attributes;
mod breadcrumbs;
mod device;
mod send;

use std::collections::HashMap;
use std::sync::Arc;

use helpline_protocol as wire;
use serde::{Deserialize, Serialize};

use crate::clock::now_rfc3339;
use crate::kernel::Kernel;
use crate::outbox::{self, OutboxKind};
use crate::store::{Owned, Scope};
use crate::{Error, Event, Result};

pub use attributes::{AttributeValue, UserAttribute};
pub use device::SDK_VERSION;

/// The user's attributes and their trail: theirs (another user's ticket must not carry them),
/// and left before sign-in too.
const TABLES: Owned = Owned {
    owner: "context",
    scope: Scope::User { before_sign_in: true },
    tables: &["user_attributes", "breadcrumbs"],
};

/// The one target of the attributes' write: the user.
const USER: &str = "user";

/// Makes app context part of the SDK: its write, its tables.
pub(crate) fn register(kernel: &Arc<Kernel>) {
    kernel.handlers.register(&[OutboxKind::SetUserAttributes], Arc::new(send::AttributeWrites(Arc::clone(kernel))));
    kernel.store.tables.declare(TABLES);
}

/// Outbox payload: every attribute of the user, as sent.
#[derive(Debug, Serialize, Deserialize)]
struct AttributesPayload {
    user_fields: wire::UserFields,
}

/// Checks and stores `values` (merged into the user's), then queues them all, replacing an
/// unsent write. Call on the blocking pool.
pub(crate) fn set_user_attributes(kernel: &Kernel, values: &HashMap<String, AttributeValue>) -> Result<()> {
    let values = attributes::checked("user_fields", values)?;
    let item = kernel.store.write(|tx| {
        // What the helpdesk refused for good would make every later write fail with it: it
        // goes, unless set again now.
        attributes::forget_refused(tx, values.keys())?;
        let total = attributes::count(tx)? + attributes::count_new(tx, values.keys().cloned())?;
        if total > wire::MAX_USER_FIELDS {
            return Err(Error::validation("user_fields", format!("a user has at most {}", wire::MAX_USER_FIELDS)));
        }
        if attributes::store(tx, &values)? == 0 {
            return Ok(None);
        }
        let payload = AttributesPayload { user_fields: attributes::fields(tx)? };
        outbox::enqueue_latest(tx, OutboxKind::SetUserAttributes, USER, &payload).map(Some)
    })?;
    if let Some(item) = item {
        kernel.events.emit(Event::OutboxChanged { item });
        kernel.outbox.nudge();
    }
    Ok(())
}

/// The user's attributes, by name, with whether the helpdesk has each.
pub(crate) fn user_attributes(kernel: &Kernel) -> Result<Vec<UserAttribute>> {
    kernel.store.read(attributes::all)
}

/// Keeps one step of the user's. Call on the blocking pool.
pub(crate) fn leave_breadcrumb(kernel: &Kernel, text: &str) -> Result<()> {
    let text = breadcrumbs::normalized(text)?;
    kernel.store.write(|tx| breadcrumbs::leave(tx, &text, &now_rfc3339()))
}

/// The `metadata` of a new ticket: the app's `custom` values (checked: `Validation` naming
/// `metadata.<name>`), the device's facts, the trail. `None` when there is nothing to say.
pub(crate) fn ticket_metadata(
    kernel: &Kernel,
    custom: &HashMap<String, AttributeValue>,
) -> Result<Option<wire::RequestMetadata>> {
    if custom.len() > wire::MAX_CUSTOM_METADATA {
        return Err(Error::validation("metadata", format!("at most {} values", wire::MAX_CUSTOM_METADATA)));
    }
    let mut metadata = wire::RequestMetadata {
        custom: attributes::checked("metadata", custom)?,
        device: device::facts(kernel),
        breadcrumbs: kernel.store.read(breadcrumbs::recent)?,
    };
    // The helpdesk refuses more than 16 KiB: the oldest steps go first; the app's own values
    // past it are the app's to cut (a queued ticket the helpdesk refuses would stay failed).
    while encoded_len(&metadata) > wire::MAX_METADATA_BYTES && !metadata.breadcrumbs.is_empty() {
        metadata.breadcrumbs.remove(0);
    }
    if encoded_len(&metadata) > wire::MAX_METADATA_BYTES {
        return Err(Error::validation(
            "metadata",
            format!("its values take more than {} bytes as JSON", wire::MAX_METADATA_BYTES),
        ));
    }
    Ok((!metadata.is_empty()).then_some(metadata))
}

fn encoded_len(value: &impl serde::Serialize) -> usize {
    serde_json::to_vec(value).map_or(usize::MAX, |v| v.len())
}

/// The metadata of a new conversation: the platform and the locale in force (the language the
/// helpdesk's bot answers in), the device's facts and the trail. The trail is left out, rather
/// than the conversation failing, when the store cannot be read.
pub(crate) fn conversation_metadata(kernel: &Kernel) -> serde_json::Value {
    let mut metadata = serde_json::json!({ "platform": kernel.config.platform, "locale": kernel.locale() });
    if let Some(device) = device::facts(kernel).and_then(|d| serde_json::to_value(d).ok()) {
        metadata["device"] = device;
    }
    match kernel.store.read(breadcrumbs::recent) {
        Ok(mut trail) => {
            // Within the helpdesk's 16 KiB, the oldest steps going first.
            while !trail.is_empty() {
                metadata["breadcrumbs"] = serde_json::json!(trail);
                if encoded_len(&metadata) <= wire::MAX_METADATA_BYTES {
                    break;
                }
                trail.remove(0);
            }
            if trail.is_empty()
                && let Some(object) = metadata.as_object_mut()
            {
                object.remove("breadcrumbs");
            }
        }
        Err(e) => tracing::info!("breadcrumbs not read for the conversation: {e}"),
    }
    metadata
}
