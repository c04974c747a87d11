//! The contact form screen, as a user sees it: its state delivered whole, then each change.

use helpline_core::{
    AttachmentState, ContactFormState, DeliveryState, Error, Event, FieldValue, Helpline, Identity, SubmitState,
};
use helpline_e2e::{Harness, Seen, wait_for};
use serde_json::json;

fn order_form() -> serde_json::Value {
    json!({"support": {"ticket_form": {"fields": [
        {"id": 360001, "type": "text", "title": "Order number", "required": true},
        {"id": 360003, "type": "integer", "title": "Quantity"}
    ]}}})
}

/// `name`'s SDK once the helpdesk's settings (its form) have arrived.
async fn sdk_with_form(h: &Harness, name: &str) -> Helpline {
    let sdk = Helpline::open(h.config(name)).expect("SDK opens");
    let mut events = sdk.subscribe();
    sdk.set_identity(Identity::Anonymous { name: Some(name.into()), email: None }).await.unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    sdk
}

#[tokio::test]
async fn a_required_field_left_empty_shows_its_error_on_that_field() {
    let h = Harness::start().await;
    h.agent_set_settings(order_form()).await;
    let sdk = sdk_with_form(&h, "Ana").await;
    let form = sdk.contact_form().unwrap();
    let seen = Seen::watch(|l| form.subscribe(l));
    let first = seen.until("the form", |s| s.fields.len() == 2).await;
    assert!(first.errors.is_empty(), "nothing is shown wrong before the user tries");
    assert_eq!(first.fields[0].field.title, "Order number");

    form.set_description("It never arrived.".into()).await.unwrap();
    form.set_field(360003, Some(FieldValue::Text("two".into()))).await.unwrap();
    let refused = form.submit().await;
    assert!(matches!(refused, Err(Error::Validation { .. })), "{refused:?}");
    let shown = seen.until("the errors", |s| !s.errors.is_empty()).await;
    assert!(shown.error_on("custom_fields.360001").is_some_and(|r| r.contains("required")), "{shown:?}");
    assert!(shown.error_on("custom_fields.360003").is_some(), "every field's error at once: {shown:?}");
    let missing = |s: &ContactFormState, field: &str| s.errors.iter().find(|e| e.field == field).map(|e| e.missing);
    assert_eq!(
        missing(&shown, "custom_fields.360001"),
        Some(true),
        "left empty: a UI says 'required' in the user's language"
    );
    assert_eq!(missing(&shown, "custom_fields.360003"), Some(false), "filled, but wrong: the reason says why");
    assert_eq!(shown.error_on("description"), None);
    assert_eq!(shown.submit, SubmitState::Editing);
    assert!(sdk.tickets().list().unwrap().is_empty(), "nothing stored");

    form.set_field(360001, Some(FieldValue::Text("A-1001".into()))).await.unwrap();
    form.set_description(" ".into()).await.unwrap();
    let edited = seen
        .until("errors follow the edits", |s| {
            s.error_on("custom_fields.360001").is_none() && s.error_on("description").is_some()
        })
        .await;
    assert!(edited.error_on("custom_fields.360003").is_some(), "the field not fixed still shows it: {edited:?}");
    assert_eq!(missing(&edited, "description"), Some(true), "blank is empty");
    assert_eq!(edited.description, " ");
}

#[tokio::test]
async fn the_draft_survives_the_app_being_killed() {
    let h = Harness::start().await;
    h.agent_set_settings(order_form()).await;
    let file = h.dir.path().join("screenshot.png");
    std::fs::write(&file, b"\x89PNG not really").unwrap();
    {
        let sdk = sdk_with_form(&h, "Ana").await;
        let form = sdk.contact_form().unwrap();
        form.set_subject("Late order".into()).await.unwrap();
        form.set_description("Ordered two weeks ago".into()).await.unwrap();
        form.set_field(360001, Some(FieldValue::Text("A-1001".into()))).await.unwrap();
        form.add_attachment(file.display().to_string()).await.unwrap();
        // Killed: no goodbye, the objects just go.
    }
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let form = sdk.contact_form().unwrap();
    let back = Seen::watch(|l| form.subscribe(l)).until("the draft", |s| !s.subject.is_empty()).await;
    assert_eq!((back.subject.as_str(), back.description.as_str()), ("Late order", "Ordered two weeks ago"));
    assert_eq!(back.fields[0].value, Some(FieldValue::Text("A-1001".into())));
    assert_eq!(back.attachments.len(), 1);
    assert_eq!(
        (back.attachments[0].file_name.as_str(), &back.attachments[0].state),
        ("screenshot.png", &AttachmentState::Ready)
    );

    form.submit().await.unwrap();
    drop(form);
    let after = sdk.contact_form().unwrap().state();
    assert!(after.subject.is_empty() && after.description.is_empty() && after.fields[0].value.is_none(), "{after:?}");

    let open = sdk.contact_form().unwrap();
    let seen = Seen::watch(|l| open.subscribe(l));
    open.set_description("Something else".into()).await.unwrap();
    seen.until("typed", |s| s.description == "Something else").await;
    sdk.clear_identity().await.unwrap();
    assert!(sdk.contact_form().unwrap().state().description.is_empty(), "signing out forgets the user's draft");
    seen.until("the open form emptied too", |s| s.description.is_empty()).await;
}

#[tokio::test]
async fn a_double_tap_on_submit_makes_one_ticket() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let form = sdk.contact_form().unwrap();
    // Each tap's work may end before the other starts (then the second is the same submission),
    // or overlap it (then the second is refused as under way): never two tickets.
    for question in 1..=5 {
        form.set_description(format!("Question {question}")).await.unwrap();
        let (first, second) = tokio::join!(form.submit(), form.submit());
        let ticket = first.unwrap();
        match &second {
            Ok(again) => assert_eq!(again.id, ticket.id),
            Err(Error::Validation { field, .. }) => assert_eq!(field, "submit"),
            Err(other) => panic!("{other:?}"),
        }
        assert_eq!(sdk.tickets().list().unwrap().len(), question, "one ticket per question, never two");
        assert!(matches!(form.state().submit, SubmitState::Submitted { .. }), "{:?}", form.state());
    }
}

#[tokio::test]
async fn suggestions_follow_what_is_typed() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = h.sdk("Ana").await;
    sdk.help_center().sync().await.unwrap();
    let form = sdk.contact_form().unwrap();
    let seen = Seen::watch(|l| form.subscribe(l));

    form.set_subject("Can't sign in".into()).await.unwrap();
    form.set_description("I forgot my password and the reset email never arrives".into()).await.unwrap();
    let suggested = seen.until("suggestions", |s| !s.suggestions.is_empty()).await;
    assert!(suggested.suggestions.iter().any(|hit| hit.article.title.to_lowercase().contains("password")));
    assert!(suggested.suggestions.len() <= 5);

    form.set_subject("hi".into()).await.unwrap();
    form.set_description("thanks!".into()).await.unwrap();
    seen.until("nothing to go on, nothing suggested", |s| s.suggestions.is_empty()).await;
}

#[tokio::test]
async fn a_refused_file_shows_on_attachments_and_is_not_submitted() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let form = sdk.contact_form().unwrap();
    form.set_description("See the file".into()).await.unwrap();
    form.add_attachment(h.dir.path().join("gone.png").display().to_string()).await.unwrap();
    let state = form.state();
    assert!(
        matches!(&state.attachments[0].state, AttachmentState::Refused { reason } if reason.contains("no such file"))
    );
    assert!(form.submit().await.is_err());
    assert!(form.state().error_on("attachments").is_some(), "{:?}", form.state());
    assert!(sdk.tickets().list().unwrap().is_empty());
}

#[tokio::test]
async fn submitting_offline_shows_submitted_pending_then_sent() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let file = h.dir.path().join("receipt.txt");
    std::fs::write(&file, b"order A-1001").unwrap();
    let form = sdk.contact_form().unwrap();
    let seen = Seen::watch(|l| form.subscribe(l));
    h.stop_server().await;

    form.set_subject("Late order".into()).await.unwrap();
    form.set_description("Ordered two weeks ago".into()).await.unwrap();
    form.add_attachment(file.display().to_string()).await.unwrap();
    let ticket = form.submit().await.unwrap();
    let pending = seen.until("submitted", |s| matches!(s.submit, SubmitState::Submitted { .. })).await;
    let SubmitState::Submitted { ticket: shown } = &pending.submit else { unreachable!() };
    assert_eq!((shown.id.as_str(), &shown.delivery), (ticket.id.as_str(), &DeliveryState::Pending));
    assert!(pending.subject.is_empty(), "a fresh form for the next question");

    h.restart_server().await;
    sdk.flush_outbox().await.unwrap();
    let sent = seen
        .until(
            "sent",
            |s| matches!(&s.submit, SubmitState::Submitted { ticket } if ticket.delivery == DeliveryState::Sent),
        )
        .await;
    assert_eq!(sent.attachments[0].state, AttachmentState::Uploaded, "{sent:?}");
    let at_helpdesk: Vec<_> = h.agent_tickets().await.into_iter().filter(|t| t.subject == "Late order").collect();
    assert_eq!(at_helpdesk.len(), 1, "sent once");
}
