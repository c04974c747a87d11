//! The contact form's custom fields, checked against the remote settings before a ticket is
//! stored. Each error names its field as `custom_fields.<id>`. Values for fields the form does
//! not list pass through untouched (an app may set hidden fields of its own).

use super::{CustomFieldValue, FieldValue};
use crate::settings::{TicketField, TicketFieldKind};
use crate::{Error, Result};

/// At most this much text in one field.
const MAX_TEXT_BYTES: usize = 64 * 1024;

fn invalid(id: i64, reason: impl Into<String>) -> Error {
    Error::Validation { field: format!("custom_fields.{id}"), reason: reason.into() }
}

/// Checks `values` against the form's `fields`; normalizes them in place (an integer typed
/// as text becomes a number, an empty optional value is dropped).
pub(crate) fn check(fields: &[TicketField], values: &mut Vec<CustomFieldValue>) -> Result<()> {
    if let Some(twice) = given_twice(values) {
        return Err(twice);
    }
    for field in fields {
        let Some(at) = values.iter().position(|v| v.id == field.id) else {
            missing(field)?;
            continue;
        };
        match normalize(field, &values[at].value)? {
            Some(value) => values[at].value = value,
            None => {
                values.remove(at);
            }
        }
    }
    Ok(())
}

/// Every field's problem (one each), by the same rules as `check`: for a form that shows each
/// error on its field.
pub(crate) fn errors(fields: &[TicketField], values: &[CustomFieldValue]) -> Vec<Error> {
    let mut errors: Vec<Error> = given_twice(values).into_iter().collect();
    for field in fields {
        let checked = match values.iter().find(|v| v.id == field.id) {
            None => missing(field),
            Some(value) => normalize(field, &value.value).map(|_| ()),
        };
        errors.extend(checked.err());
    }
    errors
}

fn given_twice(values: &[CustomFieldValue]) -> Option<Error> {
    let at = (0..values.len()).find(|&i| values[..i].iter().any(|v| v.id == values[i].id))?;
    Some(invalid(values[at].id, "is given twice"))
}

fn missing(field: &TicketField) -> Result<()> {
    if field.required { Err(invalid(field.id, format!("{} is required", label(field)))) } else { Ok(()) }
}

fn label(field: &TicketField) -> String {
    if field.title.trim().is_empty() { format!("field {}", field.id) } else { format!("{:?}", field.title) }
}

/// The value to send, `None` for an empty optional one.
fn normalize(field: &TicketField, value: &FieldValue) -> Result<Option<FieldValue>> {
    let blank = matches!(value, FieldValue::Text(text) if text.trim().is_empty());
    if blank {
        return if field.required { Err(invalid(field.id, format!("{} is required", label(field)))) } else { Ok(None) };
    }
    match (field.kind, value) {
        (TicketFieldKind::Text | TicketFieldKind::Unknown, FieldValue::Text(text)) if text.len() > MAX_TEXT_BYTES => {
            Err(invalid(field.id, format!("is longer than {MAX_TEXT_BYTES} bytes")))
        }
        (TicketFieldKind::Text, FieldValue::Text(_)) => Ok(Some(value.clone())),
        (TicketFieldKind::Text, FieldValue::Number(n)) => Ok(Some(FieldValue::Text(n.to_string()))),
        (TicketFieldKind::Text, FieldValue::Bool(_)) => Err(invalid(field.id, "must be text")),
        (TicketFieldKind::Tagger, FieldValue::Text(text)) => {
            let text = text.trim();
            if field.options.iter().any(|o| o.value == text) {
                Ok(Some(FieldValue::Text(text.to_owned())))
            } else {
                let allowed: Vec<&str> = field.options.iter().map(|o| o.value.as_str()).collect();
                Err(invalid(field.id, format!("{text:?} is not one of {}", allowed.join(", "))))
            }
        }
        (TicketFieldKind::Tagger, _) => Err(invalid(field.id, "must be the value of one of its options")),
        (TicketFieldKind::Checkbox, FieldValue::Bool(false)) if field.required => {
            Err(invalid(field.id, format!("{} must be checked", label(field))))
        }
        (TicketFieldKind::Checkbox, FieldValue::Bool(_)) => Ok(Some(value.clone())),
        (TicketFieldKind::Checkbox, _) => Err(invalid(field.id, "must be true or false")),
        (TicketFieldKind::Integer, FieldValue::Number(_)) => Ok(Some(value.clone())),
        (TicketFieldKind::Integer, FieldValue::Text(text)) => match text.trim().parse::<i64>() {
            Ok(n) => Ok(Some(FieldValue::Number(n))),
            Err(_) => Err(invalid(field.id, format!("{text:?} is not a whole number"))),
        },
        (TicketFieldKind::Integer, FieldValue::Bool(_)) => Err(invalid(field.id, "must be a whole number")),
        (TicketFieldKind::Unknown, _) => Ok(Some(value.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::FieldOption;

    fn field(id: i64, kind: TicketFieldKind, required: bool) -> TicketField {
        let options = vec![FieldOption { name: "Bug".into(), value: "bug".into() }];
        TicketField { id, kind, title: format!("F{id}"), required, options }
    }

    fn value(id: i64, value: FieldValue) -> CustomFieldValue {
        CustomFieldValue { id, value }
    }

    fn field_of(r: Result<()>) -> String {
        match r {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn required_fields_must_be_present_and_not_blank() {
        let form = [field(1, TicketFieldKind::Text, true), field(2, TicketFieldKind::Text, false)];
        assert_eq!(field_of(check(&form, &mut vec![])), "custom_fields.1");
        assert_eq!(field_of(check(&form, &mut vec![value(1, FieldValue::Text("  ".into()))])), "custom_fields.1");
        let mut ok = vec![value(1, FieldValue::Text("A-1".into())), value(2, FieldValue::Text("".into()))];
        check(&form, &mut ok).unwrap();
        assert_eq!(ok, vec![value(1, FieldValue::Text("A-1".into()))], "an empty optional value is dropped");
    }

    #[test]
    fn each_type_takes_its_own_values() {
        let form = [
            field(1, TicketFieldKind::Tagger, false),
            field(2, TicketFieldKind::Integer, false),
            field(3, TicketFieldKind::Checkbox, true),
            field(4, TicketFieldKind::Unknown, true),
        ];
        let base = || vec![value(3, FieldValue::Bool(true)), value(4, FieldValue::Text("x".into()))];
        let with = |extra: CustomFieldValue| {
            let mut values = base();
            values.push(extra);
            check(&form, &mut values).map(|_| values)
        };
        assert_eq!(field_of(with(value(1, FieldValue::Text("nope".into()))).map(|_| ())), "custom_fields.1");
        assert_eq!(field_of(with(value(1, FieldValue::Number(1))).map(|_| ())), "custom_fields.1");
        assert!(
            with(value(1, FieldValue::Text(" bug ".into())))
                .unwrap()
                .contains(&value(1, FieldValue::Text("bug".into())))
        );
        assert_eq!(field_of(with(value(2, FieldValue::Text("4.5".into()))).map(|_| ())), "custom_fields.2");
        assert_eq!(field_of(with(value(2, FieldValue::Bool(true))).map(|_| ())), "custom_fields.2");
        assert!(with(value(2, FieldValue::Text(" 42 ".into()))).unwrap().contains(&value(2, FieldValue::Number(42))));
        let mut unchecked = vec![value(3, FieldValue::Bool(false)), value(4, FieldValue::Text("x".into()))];
        assert_eq!(field_of(check(&form, &mut unchecked)), "custom_fields.3", "a required checkbox is checked");
        let mut bad_box = vec![value(3, FieldValue::Text("yes".into())), value(4, FieldValue::Text("x".into()))];
        assert_eq!(field_of(check(&form, &mut bad_box)), "custom_fields.3");
        let mut no_unknown = vec![value(3, FieldValue::Bool(true))];
        assert_eq!(field_of(check(&form, &mut no_unknown)), "custom_fields.4", "unknown types still obey required");
    }

    #[test]
    fn errors_names_every_field_wrong_by_the_rules_of_check() {
        let form = [
            field(1, TicketFieldKind::Text, true),
            field(2, TicketFieldKind::Integer, false),
            field(3, TicketFieldKind::Text, false),
        ];
        let values = vec![value(2, FieldValue::Text("two".into())), value(3, FieldValue::Text("ok".into()))];
        let named: Vec<String> = errors(&form, &values).into_iter().map(|e| field_of(Err(e))).collect();
        assert_eq!(named, vec!["custom_fields.1", "custom_fields.2"]);
        let mut first_only = values.clone();
        assert_eq!(field_of(check(&form, &mut first_only)), named[0], "check stops at the first of them");
        assert!(errors(&form, &[value(1, FieldValue::Text("A".into()))]).is_empty());
    }

    #[test]
    fn duplicates_are_refused_and_unlisted_fields_pass() {
        let form = [field(1, TicketFieldKind::Text, false)];
        let mut twice = vec![value(9, FieldValue::Bool(true)), value(9, FieldValue::Bool(false))];
        assert_eq!(field_of(check(&form, &mut twice)), "custom_fields.9");
        let mut hidden = vec![value(9, FieldValue::Number(3))];
        check(&form, &mut hidden).unwrap();
        assert_eq!(hidden, vec![value(9, FieldValue::Number(3))]);
        let mut long = vec![value(1, FieldValue::Text("x".repeat(MAX_TEXT_BYTES + 1)))];
        assert_eq!(field_of(check(&form, &mut long)), "custom_fields.1");
    }
}
