//! A list whose malformed items are set aside, never failing the whole list.
//!
//! One record of a helpdesk page with a null where a string belongs, an id past 2^63 or a date
//! that is not one must not cost the user the other tickets, comments or articles of the page.
//! `Tolerant<T>` decodes each item on its own: the good ones are `items`, and each bad one
//! leaves the reason in `skipped` for the reader to log and count. It serializes as a plain list.

use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq)]
pub struct Tolerant<T> {
    pub items: Vec<T>,
    /// Why each malformed item was set aside, in order.
    pub skipped: Vec<String>,
}

impl<T> Default for Tolerant<T> {
    fn default() -> Self {
        Self { items: Vec::new(), skipped: Vec::new() }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Tolerant<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<serde_json::Value>::deserialize(deserializer)?;
        let mut list = Self { items: Vec::with_capacity(values.len()), skipped: Vec::new() };
        for (index, value) in values.into_iter().enumerate() {
            if let Some(number) = past_storable(&value) {
                list.skipped
                    .push(format!("item {index}: {number} is past 2^63 - 1, the largest number a device stores"));
                continue;
            }
            match serde_json::from_value(value) {
                Ok(item) => list.items.push(item),
                Err(e) => list.skipped.push(format!("item {index}: {e}")),
            }
        }
        Ok(list)
    }
}

/// The first whole number in `value` that SQLite cannot hold (its integers are i64): an id
/// past 2^63 decodes as a `u64`, but a record holding one could never be stored. (Nesting is
/// bounded: serde_json refuses more than 128 levels.)
fn past_storable(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => n.as_u64().filter(|n| i64::try_from(*n).is_err()),
        serde_json::Value::Array(items) => items.iter().find_map(past_storable),
        serde_json::Value::Object(fields) => fields.values().find_map(past_storable),
        _ => None,
    }
}

/// For an optional part of a record (`deserialize_with`): a value that does not decode is
/// taken as absent, so a newer or broken part never costs the record it belongs to.
pub fn or_none<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.filter(|v| past_storable(v).is_none()).and_then(|v| serde_json::from_value(v).ok()))
}

/// For a part of a record with a default (`deserialize_with`): a value that does not decode
/// (not a list where one belongs, say) is taken as the default, never costing the record.
pub fn or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(deserializer: D) -> Result<T, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default())
}

impl<T> Tolerant<T> {
    /// No item kept (for `skip_serializing_if`).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T: Serialize> Serialize for Tolerant<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<T> Deref for Tolerant<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> From<Vec<T>> for Tolerant<T> {
    fn from(items: Vec<T>) -> Self {
        Self { items, skipped: Vec::new() }
    }
}

impl<T> FromIterator<T> for Tolerant<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T> IntoIterator for Tolerant<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Tolerant<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Item {
        id: u64,
        name: String,
    }

    #[test]
    fn bad_items_are_set_aside_and_the_good_ones_kept() {
        let json = r#"[{"id": 1, "name": "a"}, {"id": null, "name": "b"}, {"id": 18446744073709551616, "name": "c"},
                       {"id": 4, "name": 5}, "text", {"id": 6, "name": "f", "added_later": true},
                       {"id": 9223372036854775808, "name": "past i64"}, {"id": 9223372036854775807, "name": "max"},
                       {"id": 8, "name": "h", "added_later": [{"n": 10000000000000000000}]}]"#;
        let mut list: Tolerant<Item> = serde_json::from_str(json).unwrap();
        assert_eq!(list.items.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 6, i64::MAX as u64]);
        assert_eq!(list.skipped.len(), 6, "{:?}", list.skipped);
        assert!(list.skipped[4].contains("past 2^63"), "{:?}", list.skipped);
        assert!(list.skipped[0].starts_with("item 1:"));
        list.items.truncate(2);
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"[{"id":1,"name":"a"},{"id":6,"name":"f"}]"#);
        assert!(serde_json::from_str::<Tolerant<Item>>("{}").is_err(), "not a list at all is still an error");
    }
}
