//! The support home screen, as a user sees it: what the helpdesk offers, what is new, and what
//! still waits on the device.

use helpline_core::{
    ConnectionState, DeliveryState, Error, Event, Helpline, HomeEntry, Identity, RefreshPart, SupportHomeState,
    TicketDraft,
};
use helpline_e2e::{Harness, Seen, wait_for};
use helpline_protocol::Status;
use serde_json::json;

fn question(text: &str) -> TicketDraft {
    TicketDraft { subject: text.into(), description: format!("{text}, please help"), ..Default::default() }
}

fn offered(s: &SupportHomeState) -> (HomeEntry, HomeEntry, HomeEntry) {
    (s.help_center, s.tickets, s.chat)
}

#[tokio::test]
async fn turning_chat_off_in_the_helpdesks_settings_removes_it_from_home() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    let on = seen.until("everything offered", |s| s.loaded).await;
    assert_eq!(offered(&on), (HomeEntry::Available, HomeEntry::Available, HomeEntry::Available));
    assert!(on.signed_in);

    h.agent_set_settings(json!({"messaging": {"enabled": false, "greeting": "Hi! How can we help?"}})).await;
    home.refresh().await.unwrap();
    let off = seen.until("chat gone", |s| s.chat == HomeEntry::Off && !s.refreshing).await;
    assert_eq!((off.help_center, off.tickets), (HomeEntry::Available, HomeEntry::Available), "the rest stays");
    assert_eq!(off.greeting.as_deref(), Some("Hi! How can we help?"), "the helpdesk's greeting titles the home");
    assert!(off.refresh_failures.is_empty() && !off.refreshing, "{off:?}");

    h.agent_set_settings(json!({"help_center": {"enabled": false}, "messaging": {"enabled": null}})).await;
    sdk.refresh_settings().await.unwrap();
    let back = seen.until("chat back, help center gone", |s| s.chat == HomeEntry::Available).await;
    assert_eq!(back.help_center, HomeEntry::Off);
    assert!(back.promoted_articles.is_empty());
}

#[tokio::test]
async fn before_signing_in_the_help_center_is_offered_and_tickets_and_chat_ask_for_a_user() {
    let h = Harness::start().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    let anonymous = seen.until("read", |s| s.loaded).await;
    assert!(!anonymous.signed_in);
    assert_eq!(offered(&anonymous), (HomeEntry::Available, HomeEntry::NeedsIdentity, HomeEntry::NeedsIdentity));
    home.refresh().await.unwrap();
    assert!(home.state().refresh_failures.is_empty(), "no user: no tickets asked for, no failure shown");

    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    let signed_in = seen.until("signed in, at once", |s| s.signed_in).await;
    assert_eq!(offered(&signed_in), (HomeEntry::Available, HomeEntry::Available, HomeEntry::Available));

    sdk.clear_identity().await.unwrap();
    let signed_out = seen.until("signed out, at once", |s| !s.signed_in).await;
    assert_eq!(offered(&signed_out), (HomeEntry::Available, HomeEntry::NeedsIdentity, HomeEntry::NeedsIdentity));
}

#[tokio::test]
async fn an_agents_answer_shows_an_unread_badge_on_its_ticket_and_the_count() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let late = sdk.tickets().create(question("Late order")).await.unwrap();
    let broken = sdk.tickets().create(question("Broken lid")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    let quiet = seen.until("both open", |s| s.open_ticket_count == 2).await;
    assert!(quiet.open_tickets.iter().all(|t| !t.unread && t.delivery == DeliveryState::Sent), "{quiet:?}");
    assert_eq!(quiet.unread_tickets, 0);

    let remote = |id: &str| sdk.tickets().get(id).unwrap().ticket.remote_id.unwrap();
    // The helpdesk pushes each answer to the phone, which brings that ticket.
    let pushed = |id: &str| format!(r#"{{"helpline": {{"kind": "ticket_updated", "ticket_id": {}}}}}"#, remote(id));
    h.agent_update(remote(&late.id), Some("It ships tomorrow."), Some(Status::Pending)).await;
    sdk.handle_push(&pushed(&late.id)).await.unwrap();
    let answered = seen.until("the badge", |s| s.unread_tickets == 1).await;
    let badged: Vec<_> = answered.open_tickets.iter().filter(|t| t.unread).map(|t| t.id.as_str()).collect();
    assert_eq!(badged, [late.id.as_str()], "the badge is on the answered ticket only");

    sdk.tickets().mark_read(&late.id).await.unwrap();
    seen.until("read: no badge", |s| s.unread_tickets == 0 && s.open_tickets.iter().all(|t| !t.unread)).await;

    h.agent_update(remote(&broken.id), Some("Replaced, closing."), Some(Status::Solved)).await;
    sdk.handle_push(&pushed(&broken.id)).await.unwrap();
    let solved = seen.until("the solved one leaves the open ones", |s| s.open_ticket_count == 1).await;
    assert_eq!(solved.open_tickets[0].id, late.id);
    assert_eq!(solved.unread_tickets, 1, "its answer still counts until read");
}

#[tokio::test]
async fn promoted_articles_show_offline_from_the_cache() {
    let mut h = Harness::start_with(|c| c.seed_demo = true).await;
    let promoted = {
        let sdk = h.sdk("Ana").await;
        let home = sdk.support_home().unwrap();
        let seen = Seen::watch(|l| home.subscribe(l));
        home.refresh().await.unwrap();
        seen.until("promoted articles", |s| !s.promoted_articles.is_empty()).await.promoted_articles
    };
    assert!(promoted.len() <= 5 && promoted.iter().all(|a| a.promoted), "{promoted:?}");
    h.stop_server().await;

    // The app opens again, offline.
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    let offline = seen.until("read", |s| s.loaded).await;
    assert_eq!(offline.promoted_articles, promoted, "the same articles, from the device");

    let refused = home.refresh().await;
    assert!(matches!(refused, Err(Error::Offline { .. })), "{refused:?}");
    let shown = home.state();
    let parts: Vec<_> = shown.refresh_failures.iter().map(|f| f.part).collect();
    assert_eq!(parts, [RefreshPart::Settings, RefreshPart::Tickets, RefreshPart::HelpCenter], "each failure shown");
    assert!(shown.unreachable && !shown.refreshing);
    assert_eq!(shown.promoted_articles, promoted, "a failed refresh keeps what is cached");
}

#[tokio::test]
async fn pending_writes_show_while_the_helpdesk_is_unreachable() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    seen.until("read", |s| s.loaded).await;
    h.stop_server().await;

    let ticket = sdk.tickets().create(question("Late order")).await.unwrap();
    let waiting = seen.until("the write waits, the helpdesk out of reach", |s| s.unreachable).await;
    assert_eq!(waiting.pending_writes, 1);
    assert_eq!(waiting.open_tickets[0].id, ticket.id);
    assert_eq!(waiting.open_tickets[0].delivery, DeliveryState::Pending, "the ticket shows it is not sent yet");

    h.restart_server().await;
    home.refresh().await.unwrap();
    let sent = seen
        .until("sent", |s| {
            s.pending_writes == 0 && s.open_tickets.first().is_some_and(|t| t.delivery == DeliveryState::Sent)
        })
        .await;
    assert!(!sent.unreachable && sent.refresh_failures.is_empty(), "{sent:?}");
    assert_eq!(sent.failed_writes, 0);
    assert_eq!(h.agent_tickets().await.len(), 1, "sent once");
}

#[tokio::test]
async fn the_agents_chat_message_counts_on_the_chat_entry_until_the_conversation_ends() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let home = sdk.support_home().unwrap();
    let seen = Seen::watch(|l| home.subscribe(l));
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    let live = seen.until("chatting", |s| s.chat_active && s.connection == ConnectionState::Connected).await;
    let greeted = live.chat_unread;

    h.agent_say(conversation.id, "Hi Ana, let me check.").await;
    seen.until("the agent's message counted", |s| s.chat_unread == greeted + 1).await;
    chat.mark_read().await.unwrap();
    seen.until("read, at once", |s| s.chat_unread == 0).await;

    h.agent_end(conversation.id).await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(helpline_core::ChatEvent::Ended { .. }))).await;
    seen.until("no conversation going on", |s| !s.chat_active).await;
    chat.stop();
    seen.until("the link down", |s| s.connection == ConnectionState::Disconnected).await;
}
