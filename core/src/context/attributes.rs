//! The user's attributes: their checks and their `user_attributes` rows.

use std::collections::{BTreeMap, HashMap};

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_rfc3339;
use crate::{DeliveryState, Error, Result};

/// An attribute's value: Zendesk's text, number (integer or decimal) and checkbox fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AttributeValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl AttributeValue {
    /// As sent: a whole number as an integer (`3`, not `3.0`).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            AttributeValue::Text(text) => serde_json::Value::String(text.clone()),
            AttributeValue::Bool(b) => serde_json::Value::Bool(*b),
            AttributeValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => serde_json::json!(*n as i64),
            AttributeValue::Number(n) => {
                serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
    }

    fn from_json(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::String(s) => Some(AttributeValue::Text(s.clone())),
            serde_json::Value::Bool(b) => Some(AttributeValue::Bool(*b)),
            serde_json::Value::Number(n) => n.as_f64().map(AttributeValue::Number),
            _ => None,
        }
    }
}

/// One attribute of the user, with whether the helpdesk has it yet.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UserAttribute {
    pub name: String,
    pub value: AttributeValue,
    pub delivery: DeliveryState,
}

/// `values` checked and encoded, each error naming `<prefix>.<name>`: names of 1 to 64 of
/// `[a-z0-9_]`, text up to 1,024 characters, finite numbers.
pub(crate) fn checked(
    prefix: &str,
    values: &HashMap<String, AttributeValue>,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut out = BTreeMap::new();
    for (name, value) in values {
        let field = || format!("{prefix}.{name}");
        if !wire::is_field_name(name) {
            return Err(Error::Validation {
                field: field(),
                reason: format!("a name is 1 to {} of a-z, 0-9 and _", wire::MAX_USER_FIELD_NAME_CHARS),
            });
        }
        if matches!(value, AttributeValue::Number(n) if !n.is_finite()) {
            return Err(Error::Validation { field: field(), reason: "must be a finite number".into() });
        }
        let json = value.to_json();
        if let Some(problem) = wire::field_value_problem(&json, false) {
            return Err(Error::Validation { field: field(), reason: problem });
        }
        out.insert(name.clone(), json);
    }
    Ok(out)
}

/// Stores the values that differ from those kept; returns how many did (none: nothing to send).
pub(super) fn store(conn: &Connection, values: &BTreeMap<String, serde_json::Value>) -> Result<usize> {
    let mut changed = 0;
    for (name, value) in values {
        let json = serde_json::to_string(value)?;
        let kept: Option<String> =
            conn.query_row("SELECT value FROM user_attributes WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        if kept.as_deref() == Some(json.as_str()) {
            continue;
        }
        conn.execute(
            "INSERT INTO user_attributes(name, value, delivery, updated_at) VALUES (?1, ?2, 'pending', ?3)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value, delivery = 'pending', delivery_reason = NULL,
                updated_at = excluded.updated_at",
            params![name, json, now_rfc3339()],
        )?;
        changed += 1;
    }
    Ok(changed)
}

pub(super) fn count(conn: &Connection) -> Result<usize> {
    Ok(conn.query_row("SELECT COUNT(*) FROM user_attributes", [], |r| r.get::<_, i64>(0))? as usize)
}

/// How many of `names` are not kept yet.
pub(super) fn count_new(conn: &Connection, names: impl Iterator<Item = String>) -> Result<usize> {
    let mut new = 0;
    for name in names {
        let known: Option<i64> =
            conn.query_row("SELECT 1 FROM user_attributes WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        new += usize::from(known.is_none());
    }
    Ok(new)
}

/// Every attribute, by name.
pub(super) fn all(conn: &Connection) -> Result<Vec<UserAttribute>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, value, delivery, delivery_reason FROM user_attributes ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, json, delivery, reason) = row?;
        let value = serde_json::from_str(&json).ok().and_then(|v| AttributeValue::from_json(&v));
        if let Some(value) = value {
            out.push(UserAttribute { name, value, delivery: DeliveryState::from_columns(&delivery, reason) });
        }
    }
    Ok(out)
}

/// Every attribute as sent.
pub(super) fn fields(conn: &Connection) -> Result<wire::UserFields> {
    Ok(all(conn)?.into_iter().map(|a| (a.name, a.value.to_json())).collect())
}

/// Mirrors the outbox's state onto the attributes the helpdesk does not have yet.
pub(super) fn set_delivery(conn: &Connection, state: &DeliveryState) -> Result<()> {
    let (delivery, reason) = state.to_columns();
    conn.execute(
        "UPDATE user_attributes SET delivery = ?1, delivery_reason = ?2 WHERE delivery != 'sent'",
        params![delivery, reason],
    )?;
    Ok(())
}

/// The helpdesk has them all: unsent changes would have replaced the write (`is_current`).
pub(super) fn confirm_all(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE user_attributes SET delivery = 'sent', delivery_reason = NULL", [])?;
    Ok(())
}

/// Drops the values the helpdesk refused for good (their write failed), but for `kept`.
pub(super) fn forget_refused<'a>(conn: &Connection, kept: impl Iterator<Item = &'a String>) -> Result<()> {
    let kept: Vec<&String> = kept.collect();
    conn.execute(
        "DELETE FROM user_attributes WHERE delivery = 'failed' AND name NOT IN (SELECT value FROM json_each(?1))",
        [serde_json::to_string(&kept)?],
    )?;
    Ok(())
}

/// A refused write was dropped: what it carried that the helpdesk never took goes too.
pub(super) fn forget_unsent(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM user_attributes WHERE delivery != 'sent'", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, AttributeValue)]) -> HashMap<String, AttributeValue> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    #[test]
    fn refused_values_go_when_attributes_are_set_again_unless_set_again() {
        let conn = crate::store::test_connection();
        for (name, delivery) in [("bad", "failed"), ("again", "failed"), ("kept", "sent"), ("queued", "pending")] {
            conn.execute(
                "INSERT INTO user_attributes(name, value, delivery, updated_at) VALUES (?1, '1', ?2, 'now')",
                [name, delivery],
            )
            .unwrap();
        }
        forget_refused(&conn, ["again".to_owned()].iter()).unwrap();
        let left: Vec<String> = all(&conn).unwrap().into_iter().map(|a| a.name).collect();
        assert_eq!(left, ["again", "kept", "queued"]);
    }

    #[test]
    fn names_and_values_are_checked_by_field() {
        let ok = checked(
            "user_fields",
            &values(&[("plan", AttributeValue::Text("pro".into())), ("seats", AttributeValue::Number(3.0))]),
        )
        .unwrap();
        assert_eq!(ok["seats"], serde_json::json!(3), "a whole number goes as an integer");
        assert_eq!(AttributeValue::Number(2.5).to_json(), serde_json::json!(2.5));
        for (bad, field) in [
            (values(&[("Plan", AttributeValue::Bool(true))]), "user_fields.Plan"),
            (values(&[("", AttributeValue::Bool(true))]), "user_fields."),
            (values(&[("ratio", AttributeValue::Number(f64::NAN))]), "user_fields.ratio"),
            (values(&[("note", AttributeValue::Text("x".repeat(1_025)))]), "user_fields.note"),
        ] {
            let err = checked("user_fields", &bad).unwrap_err();
            assert!(matches!(&err, Error::Validation { field: f, .. } if f == field), "{err:?}");
        }
    }

    #[test]
    fn only_changed_values_are_stored_pending_and_confirmed_ones_are_sent() {
        let conn = crate::store::test_connection();
        let first = checked("user_fields", &values(&[("plan", AttributeValue::Text("pro".into()))])).unwrap();
        assert_eq!(store(&conn, &first).unwrap(), 1);
        confirm_all(&conn).unwrap();
        assert_eq!(store(&conn, &first).unwrap(), 0, "the same value again is nothing to send");
        let more = checked(
            "user_fields",
            &values(&[("plan", AttributeValue::Text("team".into())), ("beta", AttributeValue::Bool(true))]),
        )
        .unwrap();
        assert_eq!(store(&conn, &more).unwrap(), 2);
        let shown = all(&conn).unwrap();
        assert_eq!(
            shown.iter().map(|a| (a.name.as_str(), &a.delivery)).collect::<Vec<_>>(),
            [("beta", &DeliveryState::Pending), ("plan", &DeliveryState::Pending)]
        );
        set_delivery(&conn, &DeliveryState::Failed { reason: "refused".into() }).unwrap();
        forget_unsent(&conn).unwrap();
        assert_eq!(count(&conn).unwrap(), 0);
    }
}
