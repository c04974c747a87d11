//! Rich chat messages in a terminal: each kind as one readable line (choices numbered, buttons
//! and cards with their links, a form's fields or its answers), and the `chat` command's
//! `/N` (tap the Nth choice) and `/form` (fill the open form, field by field).

use std::collections::HashMap;

use helpline_core::{ChatButtonAction, ChatForm, ChatFormFieldKind, ChatMessage, ChatScreen};

/// What a message carries beyond its text, on one line ("" when nothing).
pub fn summary(m: &ChatMessage) -> String {
    let mut parts = Vec::new();
    let choices = choices_of(m);
    if !choices.is_empty() {
        let numbered: Vec<String> =
            choices.iter().enumerate().map(|(i, (title, _))| format!("[{}: {title}]", i + 1)).collect();
        parts.push(numbered.join(" "));
    }
    for b in &m.buttons {
        if let ChatButtonAction::Link { url } = &b.action {
            parts.push(format!("[{} -> {url}]", b.title));
        }
    }
    for card in &m.cards {
        let mut line = format!("<{}", card.title);
        if !card.text.is_empty() {
            line.push_str(&format!(": {}", card.text));
        }
        if let Some(image) = &card.image_url {
            line.push_str(&format!(" (image {image})"));
        }
        for b in &card.buttons {
            match &b.action {
                ChatButtonAction::Link { url } => line.push_str(&format!(" [{} -> {url}]", b.title)),
                ChatButtonAction::Postback { .. } => line.push_str(&format!(" [{}]", b.title)),
            }
        }
        line.push('>');
        parts.push(line);
    }
    if let Some(form) = &m.form {
        parts.push(form_line(form));
    }
    parts.join(" ")
}

fn form_line(form: &ChatForm) -> String {
    if form.submitted {
        let answers: Vec<String> = form.values.iter().map(|v| format!("{}: {}", v.name, v.value)).collect();
        return format!("{{answered: {}}}", answers.join("; "));
    }
    let fields: Vec<String> = form
        .fields
        .iter()
        .map(|f| {
            let mut shown = format!("{}{}", f.label, if f.required { "*" } else { "" });
            if f.kind == ChatFormFieldKind::Select {
                let options: Vec<&str> = f.options.iter().map(|o| o.label.as_str()).collect();
                shown.push_str(&format!(" ({})", options.join("|")));
            }
            shown
        })
        .collect();
    format!("{{form: {} — type /form to fill it}}", fields.join(", "))
}

/// The choices a message offers to tap, in order: its quick replies (while offered), then its
/// postback buttons and its cards'. (title, payload)
fn choices_of(m: &ChatMessage) -> Vec<(String, String)> {
    let postbacks =
        m.buttons.iter().chain(m.cards.iter().flat_map(|c| c.buttons.iter())).filter_map(|b| match &b.action {
            ChatButtonAction::Postback { payload } => Some((b.title.clone(), payload.clone())),
            ChatButtonAction::Link { .. } => None,
        });
    m.quick_replies.iter().map(|q| (q.title.clone(), q.payload.clone())).chain(postbacks).collect()
}

/// `/N`: taps the Nth choice of the newest message offering any.
pub async fn choose(chat: &ChatScreen, n: usize) -> anyhow::Result<()> {
    let messages = crate::chat::messages(&chat.state());
    let Some(m) = messages.iter().rev().find(|m| !choices_of(m).is_empty()) else {
        println!("  (nothing to choose from)");
        return Ok(());
    };
    let Some((title, payload)) = n.checked_sub(1).and_then(|i| choices_of(m).get(i).cloned()) else {
        println!("  (no choice {n})");
        return Ok(());
    };
    chat.choose(m.local_id.clone(), payload).await?;
    println!("  (you chose \"{title}\")");
    Ok(())
}

/// The newest form not answered yet, waiting a little for one the bot is about to send.
pub async fn open_form(chat: &ChatScreen) -> anyhow::Result<Option<(String, ChatForm)>> {
    for _ in 0..50 {
        let found = crate::chat::messages(&chat.state())
            .into_iter()
            .rev()
            .find_map(|m| m.form.filter(|f| !f.submitted).map(|f| (m.local_id, f)));
        if found.is_some() {
            return Ok(found);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(None)
}

/// `/form`: asks each field in turn (a select by number or value), then submits; the SDK's
/// refusal (a field named `form.<name>`) is printed as it is.
pub async fn fill(chat: &ChatScreen, mut next_line: impl AsyncFnMut() -> Option<String>) -> anyhow::Result<()> {
    let Some((message_id, form)) = open_form(chat).await? else {
        println!("  (no form to fill)");
        return Ok(());
    };
    let mut values = HashMap::new();
    for field in &form.fields {
        let mut prompt = format!("  {}{}", field.label, if field.required { " (required)" } else { "" });
        if field.kind == ChatFormFieldKind::Select {
            let options: Vec<String> =
                field.options.iter().enumerate().map(|(i, o)| format!("{}={}", i + 1, o.label)).collect();
            prompt.push_str(&format!(" [{}]", options.join(", ")));
        }
        println!("{prompt}:");
        let Some(answer) = next_line().await else { return Ok(()) };
        let answer = answer.trim().to_owned();
        let value = match (field.kind, answer.parse::<usize>()) {
            (ChatFormFieldKind::Select, Ok(n)) if (1..=field.options.len()).contains(&n) => {
                field.options[n - 1].value.clone()
            }
            _ => answer,
        };
        values.insert(field.name.clone(), value);
    }
    match chat.submit_form(message_id.clone(), values).await {
        Ok(_) => {
            let answered = crate::chat::messages(&chat.state()).into_iter().find(|m| m.local_id == message_id);
            println!("  (form sent) {}", answered.map(|m| summary(&m)).unwrap_or_default());
        }
        Err(helpline_core::Error::Validation { field, reason }) => {
            println!("  (not sent: {field}: {reason}; /form to try again)")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpline_core::{
        ChatAuthor, ChatAuthorKind, ChatFormField, ChatFormOption, ChatMessageKind, ChatQuickReply, DeliveryState,
    };

    fn message() -> ChatMessage {
        ChatMessage {
            local_id: "m".into(),
            seq: Some(1),
            author: ChatAuthor { kind: ChatAuthorKind::Bot, name: "Bot".into() },
            kind: ChatMessageKind::QuickReplies,
            text: "Hi".into(),
            articles: vec![],
            created_at: std::time::SystemTime::UNIX_EPOCH,
            is_mine: false,
            delivery: DeliveryState::Sent,
            attachments: vec![],
            quick_replies: vec![ChatQuickReply { title: "Track".into(), payload: "t".into() }],
            buttons: vec![],
            cards: vec![],
            form: None,
        }
    }

    #[test]
    fn choices_are_numbered_and_forms_show_their_fields_or_answers() {
        assert_eq!(summary(&message()), "[1: Track]");
        let field = ChatFormField {
            name: "d".into(),
            kind: ChatFormFieldKind::Select,
            label: "Delivery".into(),
            required: true,
            options: vec![ChatFormOption { label: "Fast".into(), value: "f".into() }],
        };
        let mut form = ChatForm { fields: vec![field], submit_label: "Send".into(), submitted: false, values: vec![] };
        let asking = ChatMessage { quick_replies: vec![], form: Some(form.clone()), ..message() };
        assert_eq!(summary(&asking), "{form: Delivery* (Fast) — type /form to fill it}");
        form.submitted = true;
        form.values = vec![helpline_core::ChatFormValue { name: "d".into(), value: "f".into() }];
        let answered = ChatMessage { quick_replies: vec![], form: Some(form), ..message() };
        assert_eq!(summary(&answered), "{answered: d: f}");
    }
}
