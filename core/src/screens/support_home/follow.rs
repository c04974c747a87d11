//! What changes the support home without the user: new settings, tickets and answers, the
//! outbox sending (or failing to), a help-center sync, another user, the chat. Events that
//! came together are read once: a sync's hundred `TicketChanged` make one read, not a hundred.

use std::sync::Weak;

use super::{Inner, Parts, show};
use crate::screens::next_batch;
use crate::{ChatEvent, Event};

pub(super) async fn run(home: Weak<Inner>) {
    let Some(mut events) = home.upgrade().map(|inner| inner.kernel.events.subscribe()) else { return };
    // Subscribed first, then read: nothing that changes meanwhile is missed.
    let mut parts = Parts::ALL;
    loop {
        if parts.any() {
            let Some(inner) = home.upgrade() else { return };
            show(&inner, parts).await;
        }
        let Some(batch) = next_batch(&mut events).await else { return };
        parts = match batch.lagged {
            // Fell behind: read everything again.
            true => Parts::ALL,
            false => batch.events.iter().fold(Parts::default(), |parts, event| parts.with(parts_of(event))),
        };
    }
}

/// What an event changes on the home.
fn parts_of(event: &Event) -> Parts {
    let none = Parts::default();
    match event {
        // What is switched on; promoted articles go with the help center.
        Event::SettingsChanged => Parts { offer: true, promoted: true, ..none },
        Event::TicketsChanged | Event::TicketChanged { .. } => Parts { tickets: true, outbox: true, ..none },
        // A write's delivery shows on its ticket too.
        Event::OutboxChanged { .. } => Parts { tickets: true, outbox: true, chat: true, ..none },
        Event::HelpCenterChanged => Parts { promoted: true, ..none },
        Event::IdentityChanged | Event::SignedIn | Event::StoreRecovered => Parts::ALL,
        Event::Chat(ChatEvent::Connection { .. }) => Parts { connection: true, ..none },
        Event::Chat(ChatEvent::Typing { .. } | ChatEvent::Queue { .. }) => none,
        Event::Chat(_) | Event::PushMessage { .. } => Parts { chat: true, ..none },
        _ => none,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keystroke_of_the_agent_reads_nothing_and_another_user_reads_everything() {
        let typing = Event::Chat(ChatEvent::Typing {
            conversation_id: 1,
            author: crate::ChatAuthor { kind: crate::ChatAuthorKind::Agent, name: "Jo".into() },
            active: true,
        });
        assert!(!parts_of(&typing).any(), "typing changes nothing on the home");
        assert_eq!(parts_of(&Event::IdentityChanged), Parts::ALL);
        let answered = parts_of(&Event::TicketChanged { ticket_id: "t".into() });
        assert!(answered.tickets && !answered.promoted, "{answered:?}");
        let synced = parts_of(&Event::HelpCenterChanged);
        assert!(synced.promoted && !synced.tickets, "{synced:?}");
    }
}
