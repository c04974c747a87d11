//! `conversations`: the user's chat conversations, each with its status, unread count and last
//! message (brought from the helpdesk, or the device's when it cannot be reached).

use helpline_core::{Conversation, Helpline};

use crate::print;

pub async fn list(helpline: &Helpline) -> anyhow::Result<()> {
    let chat = helpline.messaging();
    let conversations = match chat.refresh_conversations().await {
        Ok(conversations) => conversations,
        Err(e) if e.is_transient() => {
            println!("(offline: {e}; the conversations on this device)");
            chat.conversations()?
        }
        Err(e) => return Err(e.into()),
    };
    if conversations.is_empty() {
        println!("No conversation yet: `chat` starts one.");
        return Ok(());
    }
    let open = chat.conversation()?.map(|c| c.id);
    println!("{}", table(&conversations, open));
    println!(
        "{} unread in all. `chat --conversation ID` opens one, `chat --new` starts another.",
        chat.unread_count()?
    );
    Ok(())
}

/// One row per conversation; the open one marked with `*`.
fn table(conversations: &[Conversation], open: Option<i64>) -> String {
    let rows: Vec<Vec<String>> = conversations
        .iter()
        .map(|c| {
            let last = c.last_message.as_ref();
            vec![
                format!("{}{}", c.id, if open == Some(c.id) { "*" } else { "" }),
                if c.active { "active" } else { "ended" }.to_owned(),
                c.unread_count.to_string(),
                last.map_or_else(|| print::when(&c.created_at), |m| print::when(&m.created_at)),
                last.map_or_else(String::new, |m| format!("{}: {}", m.author.name, one_line(&m.text))),
            ]
        })
        .collect();
    print::table(0, &["ID", "STATUS", "UNREAD", "LAST", "LAST MESSAGE"], &rows)
}

/// A message's first line, cut to fit a table.
fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut cut: String = line.chars().take(60).collect();
    if cut.chars().count() < line.chars().count() || text.lines().nth(1).is_some() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_or_multi_line_message_is_cut_to_one_line() {
        assert_eq!(one_line("short"), "short");
        assert_eq!(one_line("two\nlines"), "two…");
        assert_eq!(one_line(&"é".repeat(70)).chars().count(), 61);
    }
}
