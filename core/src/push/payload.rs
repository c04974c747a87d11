//! Reading a push payload: `{"helpline": {"kind": ..., "ticket_id": ..., "conversation_id": ...}}`
//! beside whatever else the app's pushes carry (`aps`, its own keys). FCM data messages hold
//! strings only, so `helpline` may also come as the JSON text of that object. Anything else is
//! refused with `Error::InvalidPush` saying what was wrong; nothing is fetched for it.

use helpline_protocol as wire;
use serde_json::Value;

use crate::{Error, Result};

/// Pushes are small (APNs and FCM take 4 KiB): a larger one is not ours.
const MAX_PAYLOAD_BYTES: usize = 8 * 1024;

/// A push the SDK understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Push {
    TicketUpdated { ticket_id: u64 },
    Message { conversation_id: u64, ticket_id: Option<u64> },
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidPush { reason: reason.into() }
}

pub(crate) fn parse(payload: &str) -> Result<Push> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(invalid(format!("{} bytes, more than a push holds ({MAX_PAYLOAD_BYTES})", payload.len())));
    }
    let root: Value = serde_json::from_str(payload).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let Value::Object(root) = root else { return Err(invalid("not a JSON object")) };
    let helpline = root.get("helpline").ok_or_else(|| invalid("no \"helpline\" key: not a Helpline push"))?;
    let helpline = match helpline {
        Value::String(text) => {
            serde_json::from_str(text).map_err(|e| invalid(format!("\"helpline\" is not JSON: {e}")))?
        }
        other => other.clone(),
    };
    let kind = match helpline.get("kind") {
        Some(Value::String(kind)) => kind.clone(),
        Some(_) => return Err(invalid("\"kind\" is not a string")),
        None if helpline.is_object() => return Err(invalid("no \"kind\"")),
        None => return Err(invalid("\"helpline\" is not an object")),
    };
    let data: wire::PushData = serde_json::from_value(helpline).map_err(|e| invalid(e.to_string()))?;
    let positive = |name: &str, id: Option<u64>| match id {
        Some(0) => Err(invalid(format!("{name} must be positive"))),
        other => Ok(other),
    };
    let ticket_id = positive("ticket_id", data.ticket_id)?;
    let conversation_id = positive("conversation_id", data.conversation_id)?;
    match data.kind {
        wire::PushKind::TicketUpdated => {
            let ticket_id = ticket_id.ok_or_else(|| invalid("a ticket_updated push without ticket_id"))?;
            Ok(Push::TicketUpdated { ticket_id })
        }
        wire::PushKind::Message => {
            let conversation_id = conversation_id.ok_or_else(|| invalid("a message push without conversation_id"))?;
            Ok(Push::Message { conversation_id, ticket_id })
        }
        wire::PushKind::Unknown => Err(invalid(format!("unknown kind {kind:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(payload: &str) -> String {
        match parse(payload) {
            Err(Error::InvalidPush { reason }) => reason,
            other => panic!("{payload}: expected InvalidPush, got {other:?}"),
        }
    }

    #[test]
    fn well_formed_pushes() {
        let ticket = r#"{"aps": {"alert": "New reply"}, "helpline": {"kind": "ticket_updated", "ticket_id": 42, "conversation_id": 5}}"#;
        assert_eq!(parse(ticket).unwrap(), Push::TicketUpdated { ticket_id: 42 });
        let message = r#"{"helpline": {"kind": "message", "conversation_id": 5, "ticket_id": 42}}"#;
        assert_eq!(parse(message).unwrap(), Push::Message { conversation_id: 5, ticket_id: Some(42) });
        let fcm = r#"{"helpline": "{\"kind\": \"message\", \"conversation_id\": 7}"}"#;
        assert_eq!(parse(fcm).unwrap(), Push::Message { conversation_id: 7, ticket_id: None });
        let newer = r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 1, "priority": "high"}}"#;
        assert!(parse(newer).is_ok(), "unknown keys are ignored");
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        let cases = [
            ("", "not JSON"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 4"#, "not JSON"),
            ("[1, 2]", "not a JSON object"),
            (r#"{"aps": {}}"#, "not a Helpline push"),
            (r#"{"helpline": 3}"#, "not an object"),
            (r#"{"helpline": "{oops"}"#, "is not JSON"),
            (r#"{"helpline": {}}"#, "no \"kind\""),
            (r#"{"helpline": {"kind": 1}}"#, "not a string"),
            (r#"{"helpline": {"kind": "delete_everything", "ticket_id": 1}}"#, "unknown kind"),
            (r#"{"helpline": {"kind": "ticket_updated"}}"#, "without ticket_id"),
            (r#"{"helpline": {"kind": "message", "ticket_id": 3}}"#, "without conversation_id"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 0}}"#, "must be positive"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": -1}}"#, "-1"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": "42"}}"#, "string"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 4.5}}"#, "4.5"),
            (r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 99999999999999999999999}}"#, ""),
        ];
        for (payload, expected) in cases {
            let reason = reason(payload);
            assert!(reason.contains(expected), "{payload}: {reason}");
        }
        assert!(
            reason(&format!(
                r#"{{"helpline": {{"kind": "message", "conversation_id": 1}}, "pad": "{}"}}"#,
                "x".repeat(9000)
            ))
            .contains("bytes")
        );
    }

    proptest::proptest! {
        /// Any text: understood (with positive ids) or refused with a reason, never a panic.
        #[test]
        fn any_payload_is_understood_or_refused(payload in "\\PC{0,200}") {
            match parse(&payload) {
                Ok(Push::TicketUpdated { ticket_id }) => proptest::prop_assert!(ticket_id > 0),
                Ok(Push::Message { conversation_id, ticket_id }) => {
                    proptest::prop_assert!(conversation_id > 0 && ticket_id != Some(0))
                }
                Err(e) => {
                    let typed = matches!(e, Error::InvalidPush { .. });
                    proptest::prop_assert!(typed, "{:?}", e)
                }
            }
        }

        /// Any id a helpdesk may send, as a number or inside FCM's string form.
        #[test]
        fn ticket_pushes_carry_their_id(id in 1u64.., as_text in proptest::prelude::any::<bool>()) {
            let inner = format!(r#"{{"kind":"ticket_updated","ticket_id":{id}}}"#);
            let payload = if as_text {
                serde_json::json!({ "helpline": inner }).to_string()
            } else {
                format!(r#"{{"helpline":{inner}}}"#)
            };
            proptest::prop_assert_eq!(parse(&payload).unwrap(), Push::TicketUpdated { ticket_id: id });
        }
    }
}
