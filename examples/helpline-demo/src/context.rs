//! App context: the `attribute`, `attributes` and `breadcrumb` commands, and the values a new
//! ticket carries (`ticket new --meta NAME=VALUE --attach-log`). Attributes, like every write,
//! are stored first, then sent.

use std::collections::HashMap;

use anyhow::Context;
use helpline_core::{AttributeValue, DeliveryState, Helpline};

use crate::commands::report_delivery;
use crate::print::waiting;

/// A value as typed: `true`/`false`, a number, else text.
pub fn value(typed: &str) -> AttributeValue {
    match typed {
        "true" => AttributeValue::Bool(true),
        "false" => AttributeValue::Bool(false),
        _ => typed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or_else(|| AttributeValue::Text(typed.to_owned()), AttributeValue::Number),
    }
}

pub fn shown(value: &AttributeValue) -> String {
    match value {
        AttributeValue::Text(text) => format!("{text:?}"),
        AttributeValue::Number(n) => n.to_string(),
        AttributeValue::Bool(b) => b.to_string(),
    }
}

/// `--meta NAME=VALUE`, repeated: a ticket's own values for the agent.
pub fn metadata(pairs: &[String]) -> anyhow::Result<HashMap<String, AttributeValue>> {
    pairs
        .iter()
        .map(|pair| {
            let (name, typed) = pair.split_once('=').with_context(|| format!("--meta {pair:?}: write NAME=VALUE"))?;
            Ok((name.to_owned(), value(typed)))
        })
        .collect()
}

/// `attribute NAME VALUE`: stored at once, then sent (with every other attribute, the latest).
pub async fn set(helpline: &Helpline, name: &str, typed: &str) -> anyhow::Result<()> {
    let value = value(typed);
    helpline.set_user_attributes(HashMap::from([(name.to_owned(), value.clone())])).await?;
    println!("Attribute {name} = {} stored on this device.", shown(&value));
    waiting("Sending", helpline.flush_outbox()).await?;
    let state = helpline
        .user_attributes()?
        .into_iter()
        .find(|a| a.name == name)
        .map(|a| a.delivery)
        .unwrap_or(DeliveryState::Pending);
    report_delivery(helpline, &state, || "Sent: the helpdesk has it among the user's fields.".to_owned())
}

/// `attributes`: what the device keeps, and whether the helpdesk has each.
pub fn list(helpline: &Helpline) -> anyhow::Result<()> {
    let attributes = helpline.user_attributes()?;
    if attributes.is_empty() {
        println!("No attribute set (`attribute NAME VALUE` sets one).");
    }
    for attribute in attributes {
        let state = match attribute.delivery {
            DeliveryState::Sent => "sent".to_owned(),
            DeliveryState::Pending => "pending".to_owned(),
            DeliveryState::Failed { reason } => format!("failed: {reason}"),
        };
        println!("{} = {} ({state})", attribute.name, shown(&attribute.value));
    }
    Ok(())
}

/// `breadcrumb TEXT`: kept on the device; the latest 20 go with the next ticket and chat.
pub async fn breadcrumb(helpline: &Helpline, text: &str) -> anyhow::Result<()> {
    helpline.leave_breadcrumb(text).await?;
    println!("Breadcrumb kept on this device: the latest 20 go with your next ticket or chat.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_become_booleans_numbers_or_text() {
        assert_eq!(value("true"), AttributeValue::Bool(true));
        assert_eq!(value("3"), AttributeValue::Number(3.0));
        assert_eq!(value("pro"), AttributeValue::Text("pro".into()));
        assert_eq!(value("NaN"), AttributeValue::Text("NaN".into()), "not a finite number: text");
        assert!(metadata(&["no_equals".into()]).is_err());
        assert_eq!(metadata(&["a=b=c".into()]).unwrap()["a"], AttributeValue::Text("b=c".into()));
    }
}
