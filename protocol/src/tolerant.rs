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
            match serde_json::from_value(value) {
                Ok(item) => list.items.push(item),
                Err(e) => list.skipped.push(format!("item {index}: {e}")),
            }
        }
        Ok(list)
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
                       {"id": 4, "name": 5}, "text", {"id": 6, "name": "f", "added_later": true}]"#;
        let list: Tolerant<Item> = serde_json::from_str(json).unwrap();
        assert_eq!(list.items.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 6]);
        assert_eq!(list.skipped.len(), 4, "{:?}", list.skipped);
        assert!(list.skipped[0].starts_with("item 1:"));
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"[{"id":1,"name":"a"},{"id":6,"name":"f"}]"#);
        assert!(serde_json::from_str::<Tolerant<Item>>("{}").is_err(), "not a list at all is still an error");
    }
}
