//! Every JSON example of CONTRACT.md (identity, requests, comments, users, uploads, errors, help
//! center, live messaging and its WS frames) kept as a fixture: it must decode, and what we encode
//! from it must decode to the same value.

use helpline_protocol::*;
use serde::{Serialize, de::DeserializeOwned};

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes a fixture, re-encodes it and decodes again: both values must be equal.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str) -> T {
    let decoded: T = serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = serde_json::to_string(&decoded).unwrap();
    let again: T = serde_json::from_str(&encoded).unwrap();
    assert_eq!(decoded, again, "{name} changed through encode/decode");
    decoded
}

#[test]
fn identity_fixtures() {
    let anon: AnonymousAuthRequest = round_trip("anonymous_auth_request.json");
    let who = anon.authentication.identifier.unwrap();
    assert_eq!(who.email.as_deref(), Some("ana@example.com"));
    let jwt: JwtAuthRequest = round_trip("jwt_auth_request.json");
    assert!(jwt.authentication.token.starts_with("eyJ"));
    let auth: AuthResponse = round_trip("auth_response.json");
    assert_eq!(auth.authentication.access_token, "a1b2c3d4e5f6");
    let me: UserEnvelope = round_trip("user_me.json");
    assert_eq!((me.user.id, me.user.name.as_str(), me.user.photo), (7, "Ana", None));
}

#[test]
fn request_fixtures() {
    let new: NewRequestEnvelope = round_trip("create_request.json");
    assert_eq!(new.request.via_followup_source_id, Some(41));
    assert_eq!(new.request.custom_fields[0].value, serde_json::json!("A-1001"));
    assert_eq!(new.request.comment.uploads, vec!["b2c3d4"]);

    let one: RequestEnvelope = round_trip("request_response.json");
    assert_eq!(one.request.status, Status::Open);
    assert_eq!(one.request.assignee_id, Some(3));
    assert_eq!(one.request.via.channel, "mobile_sdk");

    assert_eq!(one.request.satisfaction_rating, Some(None), "null: not rated yet");

    let rated: RequestEnvelope = round_trip("csat_request.json");
    let rating = rated.request.satisfaction_rating.flatten().unwrap();
    let silent: RequestEnvelope =
        serde_json::from_str(r#"{"request": {"id": 1, "status": "solved", "created_at": "", "updated_at": ""}}"#)
            .unwrap();
    assert_eq!(silent.request.satisfaction_rating, None, "absent: the helpdesk does not say");
    assert_eq!((rating.score, rating.comment.as_deref()), (Score::Good, Some("Quick and kind, thank you.")));
    let listed: SatisfactionRatingsPage = round_trip("csat_ratings_page.json");
    assert_eq!(listed.satisfaction_ratings[0].requester_id, Some(7));
    assert_eq!(listed.pagination.count, Some(1));
    let older: SettingsEnvelope = serde_json::from_str(r#"{"settings": {"support": {"enabled": true}}}"#).unwrap();
    assert_eq!(older.settings.support.satisfaction_ratings_enabled, None, "a helpdesk older than ratings");

    let update: RequestUpdateEnvelope = round_trip("update_request.json");
    assert_eq!(update.request.solved, Some(true));
}

#[test]
fn app_context_fixtures() {
    let update: UserFieldsUpdateEnvelope = round_trip("user_fields_update.json");
    assert_eq!(update.user.user_fields["seats"], serde_json::json!(3));
    assert_eq!(update.user.user_fields["referrer"], serde_json::Value::Null, "null removes a field");
    let me: UserEnvelope = round_trip("user_me_fields.json");
    assert_eq!(me.user.user_fields.unwrap()["plan"], serde_json::json!("pro"));
    let plain: UserEnvelope = round_trip("user_me.json");
    assert_eq!(plain.user.user_fields, None, "a helpdesk that does not say");

    let new: NewRequestEnvelope = round_trip("create_request_context.json");
    let metadata = new.request.metadata.unwrap();
    assert_eq!(metadata.custom["order_id"], serde_json::json!("A-1042"));
    assert_eq!(metadata.device.unwrap().app_version.as_deref(), Some("3.2.1"));
    assert_eq!(metadata.breadcrumbs[1].text, "Tapped Pay");
    let without: NewRequestEnvelope = round_trip("create_request.json");
    assert_eq!(without.request.metadata, None);

    let ticket: TicketEnvelope = round_trip("agent_ticket_context.json");
    assert_eq!(ticket.ticket.metadata.unwrap().breadcrumbs.len(), 1);
    let chat: NewConversationEnvelope = round_trip("msg_conversation_create_context.json");
    let context: RequestMetadata = serde_json::from_value(chat.conversation.metadata).unwrap();
    assert_eq!(context.device.unwrap().os, "ios", "a conversation's metadata carries the same parts");
    let refused: ErrorBody = round_trip("error_invalid_user_field.json");
    assert_eq!(refused.first_invalid_field().map(|(field, _)| field), Some("user_fields.Plan-Type"));
}

#[test]
fn pagination_fixtures_follow_either_style() {
    let offset: RequestsPage = round_trip("requests_page_offset.json");
    assert_eq!(offset.pagination.count, Some(2));
    assert!(offset.pagination.next_url().unwrap().contains("page=2"));

    let cursor: RequestsPage = round_trip("requests_page_cursor.json");
    assert!(cursor.pagination.next_url().unwrap().contains("page[after]=C2"));
    let mut last = cursor.clone();
    last.pagination.meta.as_mut().unwrap().has_more = false;
    assert_eq!(last.pagination.next_url(), None);
}

#[test]
fn comments_and_sideloaded_users() {
    let page: CommentsPage = round_trip("comments_page.json");
    assert_eq!(page.comments[0].attachments[0].file_name, "shot.png");
    let agent = page.users.iter().find(|u| u.id == page.comments[0].author_id).unwrap();
    assert!(agent.agent);
    assert_eq!(page.pagination.next_url(), None);
}

#[test]
fn upload_fixture() {
    let up: UploadEnvelope = round_trip("upload_response.json");
    assert_eq!(up.upload.token, "b2c3d4");
    assert_eq!(up.upload.attachment.unwrap().size, 20480);
}

#[test]
fn error_fixtures() {
    let nf: ErrorBody = round_trip("error_not_found.json");
    assert_eq!(nf.error, "RecordNotFound");
    let invalid: ErrorBody = round_trip("error_invalid.json");
    assert_eq!(invalid.first_invalid_field(), Some(("subject", "Subject: cannot be blank")));
    let unauthorized: ErrorBody = round_trip("error_unauthorized.json");
    assert_eq!(unauthorized.description, None);
    let closed: ErrorBody = round_trip("error_closed.json");
    assert_eq!(closed.details["base"][0].error, "closed");
    let agent: TicketUpdateEnvelope = round_trip("agent_ticket_update.json");
    assert_eq!(agent.ticket.status, Some(Status::Pending));
}

#[test]
fn unknown_fields_and_values_are_tolerated() {
    let json = r#"{"request": {"id": 1, "status": "escalated", "created_at": "2026-11-24T19:22:00Z",
        "updated_at": "2026-11-24T19:22:00Z", "brand_new_field": {"x": 1}}}"#;
    let env: RequestEnvelope = serde_json::from_str(json).unwrap();
    assert_eq!(env.request.status, Status::Unknown);
    assert_eq!(env.request.subject, "");
    assert!(env.request.tags.is_empty());
}

#[test]
fn missing_required_field_is_an_error_not_a_default() {
    let json = r#"{"request": {"subject": "no id"}}"#;
    assert!(serde_json::from_str::<RequestEnvelope>(json).is_err());
}

#[test]
fn help_center_browse_fixtures() {
    let categories: CategoriesPage = round_trip("hc_categories_page.json");
    assert_eq!(categories.categories[0].name, "Contact channels");
    assert_eq!(categories.pagination.next_url(), None);

    let sections: SectionsPage = round_trip("hc_sections_page.json");
    assert_eq!((sections.sections[0].category_id, sections.sections[0].parent_section_id), (200, None));
    assert!(sections.pagination.next_url().unwrap().contains("page[after]=S2"));

    let articles: ArticlesPage = round_trip("hc_articles_page.json");
    assert_eq!(articles.articles[0].edited_at, None);
    assert!(articles.pagination.next_url().unwrap().contains("page=2"));

    let one: ArticleEnvelope = round_trip("hc_article.json");
    assert_eq!((one.article.vote_sum, one.article.vote_count, one.article.promoted), (4, 6, true));
    assert_eq!(one.article.label_names, vec!["email", "contact"]);

    let attachments: ArticleAttachmentsPage = round_trip("hc_article_attachments.json");
    assert!(attachments.article_attachments[0].inline);
    assert_eq!(attachments.article_attachments[0].size, 58212);
}

#[test]
fn help_center_sync_search_and_vote_fixtures() {
    let export: IncrementalArticlesPage = round_trip("hc_incremental_articles.json");
    assert_eq!(export.end_time, 1795893720);
    assert_eq!(export.deleted_article_ids, Some(vec![399]));
    assert!(export.articles[1].draft, "archived articles come back as drafts");
    assert_eq!(export.articles[0].author_id, None, "missing optional fields are tolerated");

    let search: SearchResultsPage = round_trip("hc_search_results.json");
    assert_eq!(search.results[0].article.id, 400);
    assert!(search.results[0].snippet.contains("<em>message</em>"));
    assert_eq!(search.results[0].result_type, "article");

    let vote: VoteEnvelope = round_trip("hc_vote.json");
    assert_eq!((vote.vote.value, vote.vote.item_id), (1, 400));

    let draft: ArticleDraftEnvelope = round_trip("hc_article_draft.json");
    assert_eq!(draft.article.title.as_deref(), Some("Text message support"));
    assert_eq!(draft.article.section_id, None);
}

#[test]
fn help_center_paths() {
    assert_eq!(paths::article("fr", 4), "/api/v2/help_center/fr/articles/4.json");
    assert_eq!(paths::article_vote(4, false), "/api/v2/help_center/articles/4/down.json");
    assert_eq!(paths::section_articles("en-us", 3), "/api/v2/help_center/en-us/sections/3/articles.json");
}

#[test]
fn messaging_rest_fixtures() {
    let create: NewConversationEnvelope = round_trip("msg_conversation_create.json");
    assert_eq!(create.conversation.metadata["screen"], "checkout");

    let one: ConversationEnvelope = round_trip("msg_conversation.json");
    assert_eq!((one.conversation.id, one.conversation.request_id), (5, 43));
    assert_eq!(one.conversation.status, ConversationStatus::Active);

    let list: ConversationsPage = round_trip("msg_conversations_page.json");
    assert_eq!(list.conversations[1].status, ConversationStatus::Ended);
    assert_eq!(list.conversations[0].last_message.as_ref().map(|m| m.seq), Some(4));
    assert_eq!(list.conversations[1].last_message, None, "none said");
    let new: NewConversationEnvelope = round_trip("msg_conversation_create_new.json");
    assert!(new.conversation.new && !create.conversation.new, "absent: resume");
    let broken: ConversationsPage = serde_json::from_str(
        r#"{"conversations": [{"id": 1, "status": "active", "last_message": {"id": "x"}}, {"status": "active"}]}"#,
    )
    .unwrap();
    assert_eq!(broken.conversations.len(), 1, "a malformed conversation is set aside");
    assert_eq!(broken.conversations[0].last_message, None, "a malformed last message is taken as absent");

    let page: MessagesPage = round_trip("msg_messages_page.json");
    assert!(!page.has_more);
    let seqs: Vec<u64> = page.messages.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert_eq!(page.messages[0].author.kind, AuthorType::Bot);
    assert_eq!(page.messages[0].client_id, None);
    assert_eq!(page.messages[1].author.id, Some(7));
    assert_eq!(page.messages[2].kind, MessageKind::ArticleSuggestions);
    assert_eq!(page.messages[2].articles[0].title, "Sending text messages");

    let new: NewMessageEnvelope = round_trip("msg_new_message.json");
    assert_eq!(new.message.client_id, "6f1c2a0e-9d7b-4e8f-a1b2-c3d4e5f60718");
    assert!(new.message.uploads.is_empty());

    let message: MessageEnvelope = round_trip("msg_message.json");
    assert_eq!(message.message.kind, MessageKind::File);
    assert_eq!(message.message.attachments[0].file_name, "steps.png");
    assert_eq!(message.message.author.avatar_url.as_deref(), Some("https://help.example.com/avatars/3.png"));
}

/// A WS fixture decodes both through serde and through `parse`, and round-trips.
fn client_frame(name: &str) -> ClientFrame {
    let frame: ClientFrame = round_trip(name);
    assert_eq!(ClientFrame::parse(&fixture(name)), Ok(frame.clone()), "{name}");
    assert_eq!(ClientFrame::parse(&frame.to_text()), Ok(frame.clone()), "{name}");
    frame
}

fn server_frame(name: &str) -> ServerFrame {
    let frame: ServerFrame = round_trip(name);
    assert_eq!(ServerFrame::parse(&fixture(name)), Ok(frame.clone()), "{name}");
    assert_eq!(ServerFrame::parse(&frame.to_text()), Ok(frame.clone()), "{name}");
    frame
}

#[test]
fn messaging_client_frame_fixtures() {
    assert_eq!(
        client_frame("msg_ws_client_subscribe.json"),
        ClientFrame::Subscribe { conversation_id: 5, after_seq: 3 }
    );
    let ClientFrame::Message { conversation_id, client_id, text } = client_frame("msg_ws_client_message.json") else {
        panic!("not a message frame")
    };
    assert_eq!((conversation_id, client_id.len(), text.as_str()), (5, 36, "I can't send messages"));
    assert_eq!(client_frame("msg_ws_client_typing.json"), ClientFrame::Typing { conversation_id: 5, active: true });
    assert_eq!(client_frame("msg_ws_client_read.json"), ClientFrame::Read { conversation_id: 5, seq: 4 });
    assert_eq!(client_frame("msg_ws_client_ping.json"), ClientFrame::Ping);
    // after_seq may be left out: a first subscribe replays everything.
    assert_eq!(
        ClientFrame::parse(r#"{"type":"subscribe","conversation_id":9}"#),
        Ok(ClientFrame::Subscribe { conversation_id: 9, after_seq: 0 })
    );
}

#[test]
fn messaging_server_frame_fixtures() {
    let ServerFrame::Message { message } = server_frame("msg_ws_server_message.json") else {
        panic!("not a message frame")
    };
    assert_eq!((message.seq, message.client_id.as_deref()), (2, Some("6f1c2a0e-9d7b-4e8f-a1b2-c3d4e5f60718")));

    let ServerFrame::Typing { author, active, .. } = server_frame("msg_ws_server_typing.json") else {
        panic!("not a typing frame")
    };
    assert_eq!((author.kind, author.id, active), (AuthorType::Agent, Some(3), true));
    let ServerFrame::Read { seq, .. } = server_frame("msg_ws_server_read.json") else { panic!("not read") };
    assert_eq!(seq, 2);
    assert_eq!(server_frame("msg_ws_server_agent_joined.json").kind(), "agent_joined");
    assert_eq!(server_frame("msg_ws_server_agent_left.json").kind(), "agent_left");
    assert_eq!(
        server_frame("msg_ws_server_queue.json"),
        ServerFrame::Queue { conversation_id: 5, position: 2, wait_seconds: 120 }
    );
    assert_eq!(
        server_frame("msg_ws_server_conversation_ended.json"),
        ServerFrame::ConversationEnded { conversation_id: 5 }
    );
    assert_eq!(server_frame("msg_ws_server_error.json"), ServerFrame::error("not_found", "Conversation 6 not found"));
    assert_eq!(server_frame("msg_ws_server_pong.json"), ServerFrame::Pong);
    assert_eq!(server_frame("msg_ws_server_queue.json").conversation_id(), Some(5));
}

#[test]
fn every_frame_type_is_listed_and_named() {
    let frames =
        ["agent_joined", "agent_left", "conversation_ended", "error", "message", "pong", "queue", "read", "typing"];
    for kind in frames {
        let frame = server_frame(&format!("msg_ws_server_{kind}.json"));
        assert_eq!(frame.kind(), kind);
        assert!(ServerFrame::TYPES.contains(&kind));
    }
    assert_eq!(ServerFrame::TYPES.len(), frames.len());
    for kind in ["subscribe", "message", "typing", "read", "ping"] {
        assert_eq!(client_frame(&format!("msg_ws_client_{kind}.json")).kind(), kind);
    }
    assert_eq!(ClientFrame::TYPES.len(), 5);
}

#[test]
fn unknown_frames_are_told_apart_from_malformed_ones() {
    assert_eq!(
        ServerFrame::parse(r#"{"type": "reaction", "emoji": "+1"}"#),
        Err(FrameError::UnknownType("reaction".into()))
    );
    for bad in [
        "",
        "not json",
        "[1, 2]",
        r#"{"conversation_id": 5}"#,
        r#"{"type": 7}"#,
        r#"{"type": "queue", "conversation_id": "five"}"#,
        r#"{"type": "message", "message": {"id": 1}}"#,
    ] {
        assert!(matches!(ServerFrame::parse(bad), Err(FrameError::Malformed(_))), "{bad:?}");
    }
    assert!(matches!(ClientFrame::parse(r#"{"type":"typing"}"#), Err(FrameError::Malformed(_))));
    assert_eq!(ClientFrame::parse(r#"{"type":"shout"}"#), Err(FrameError::UnknownType("shout".into())));
    // Unknown fields and values inside known frames are tolerated.
    let frame = ServerFrame::parse(
        r#"{"type": "typing", "conversation_id": 5, "author": {"type": "robot", "name": "R2"}, "active": false, "extra": 1}"#,
    )
    .unwrap();
    let ServerFrame::Typing { author, .. } = frame else { panic!("not typing") };
    assert_eq!((author.kind, author.id, author.avatar_url), (AuthorType::Unknown, None, None));
}

#[test]
fn messaging_unknown_values_are_tolerated() {
    let json = r#"{"message": {"id": 1, "conversation_id": 5, "seq": 1, "author": {"type": "user"},
        "kind": "hologram", "created_at": "2026-11-24T19:22:00Z", "reactions": []}}"#;
    let env: MessageEnvelope = serde_json::from_str(json).unwrap();
    assert_eq!(env.message.kind, MessageKind::Unknown);
    assert_eq!(env.message.client_id, None);
    assert!(env.message.attachments.is_empty() && env.message.articles.is_empty());
    let conv: ConversationEnvelope =
        serde_json::from_str(r#"{"conversation": {"id": 5, "status": "archived"}}"#).unwrap();
    assert_eq!(conv.conversation.status, ConversationStatus::Unknown);
    assert_eq!(ConversationStatus::parse("ended"), ConversationStatus::Ended);
    assert_eq!(AuthorType::parse("bot").as_str(), "bot");
    assert_eq!(MessageKind::parse("article_suggestions").as_str(), "article_suggestions");
}

#[test]
fn messaging_paths() {
    assert_eq!(paths::CONVERSATIONS, "/api/v2/conversations.json");
    assert_eq!(paths::conversation_messages(5), "/api/v2/conversations/5/messages.json");
    assert_eq!(paths::REALTIME, "/api/v2/realtime");
    assert_eq!(paths::AGENT_CONVERSATIONS, "/api/v2/agent/conversations.json");
    assert_eq!(paths::agent_conversation_messages(5), "/api/v2/agent/conversations/5/messages.json");
    assert_eq!(paths::agent_conversation_typing(5), "/api/v2/agent/conversations/5/typing.json");
    assert_eq!(paths::agent_conversation_read(5), "/api/v2/agent/conversations/5/read.json");
    assert_eq!(paths::agent_conversation_end(5), "/api/v2/agent/conversations/5/end.json");
}

#[test]
fn rich_message_fixtures() {
    let page: MessagesPage = round_trip("msg_rich_messages_page.json");
    assert!(page.messages.skipped.is_empty(), "{:?}", page.messages.skipped);
    let kinds: Vec<MessageKind> = page.messages.iter().map(|m| m.kind).collect();
    use MessageKind::*;
    assert_eq!(kinds, [QuickReplies, Text, Form, Buttons, Carousel, Unknown], "a newer kind is Unknown, kept");
    assert_eq!(page.messages[0].quick_replies[1].payload, "talk_to_agent");
    assert_eq!(page.messages[1].reply.as_ref().map(|r| r.message_id), Some(201));
    let form = page.messages[2].form.as_ref().unwrap();
    assert_eq!(form.fields[2].kind, FormFieldType::Select);
    assert_eq!(form.fields[2].options[1].value, "express");
    assert_eq!(page.messages[3].buttons[0].kind, ButtonType::Postback);
    assert_eq!(page.messages[4].cards[0].buttons[0].kind, ButtonType::Link);
    assert!(page.messages[5].text.starts_with("Which day"), "the newer kind's fallback text");

    let tapped: NewMessageEnvelope = round_trip("msg_new_message_reply.json");
    assert_eq!(tapped.message.reply.unwrap().payload.as_deref(), Some("track_order"));
    let submitted: NewMessageEnvelope = round_trip("msg_new_message_form.json");
    assert_eq!(submitted.message.reply.unwrap().values["order_number"], "1042");
    let agent: AgentMessageEnvelope = round_trip("agent_message_rich.json");
    assert_eq!(agent.message.cards[0].buttons[0].payload.as_deref(), Some("delivery_express"));

    // Broken parts cost nothing but themselves.
    let broken: Message = serde_json::from_str(
        r#"{"id": 1, "conversation_id": 5, "seq": 1, "author": {"type": "bot"}, "kind": "carousel", "text": "t",
            "quick_replies": {"no": "list"}, "cards": [{"title": 1}, {"title": "ok", "buttons": [{"type": "warp", "title": "w"}]}],
            "form": "nope", "reply": [], "created_at": ""}"#,
    )
    .unwrap();
    assert!(broken.quick_replies.is_empty() && broken.form.is_none() && broken.reply.is_none());
    assert_eq!(broken.cards.len(), 1);
    assert_eq!(broken.cards[0].buttons[0].kind, ButtonType::Unknown);
}

#[test]
fn sdk_settings_fixture() {
    let env: SettingsEnvelope = round_trip("mobile_sdk_settings.json");
    let s = env.settings;
    assert_eq!(s.messaging.multiple_conversations, Some(true));
    assert_eq!(s.updated_at.as_deref(), Some("2026-11-24T19:22:00Z"));
    assert!(s.support.enabled && s.support.show_closed_requests && !s.support.never_request_email);
    assert_eq!(s.support.attachments.max_attachment_size, 20971520);
    let field = &s.support.ticket_form.fields[0];
    assert_eq!(
        (field.id, field.kind, field.title.as_str(), field.required),
        (360001, FieldType::Text, "Order number", false)
    );
    assert_eq!(field.options[0], FieldOption { name: "Bug".into(), value: "bug".into() });
    assert_eq!((s.help_center.default_locale.as_str(), s.help_center.locales.len()), ("en-us", 2));
    assert_eq!(s.messaging.greeting, "Hi! How can we help?");
    let french = "Bonjour ! Comment pouvons-nous vous aider ?";
    assert_eq!(s.messaging.greeting_for(Some("fr-CA")), french, "the language's when the locale has none");
    assert_eq!(s.messaging.greeting_for(Some("FR")), french);
    assert_eq!(s.messaging.greeting_for(Some("de")), "Hi! How can we help?", "else the default");
    assert_eq!(s.messaging.greeting_for(None), "Hi! How can we help?");
    assert_eq!(s.support.satisfaction_ratings_enabled, Some(true));
    assert_eq!((s.rating.enabled, s.rating.min_launches, s.rating.min_days_installed), (true, 5, 3));
    assert_eq!((s.rating.min_events, s.rating.remind_after_days), (2, 7));
    assert!(s.rating.store_url_ios.unwrap().starts_with("https://"));
    assert_eq!(paths::sdk_settings("my-app"), "/api/private/mobile_sdk/settings/my-app.json");
}

#[test]
fn sdk_settings_missing_parts_take_safe_defaults() {
    let env: SettingsEnvelope = serde_json::from_str(
        r#"{"settings": {"support": {"enabled": false, "ticket_form": {"fields": [{"id": 7, "type": "multiselect"}]}}}}"#,
    )
    .unwrap();
    let s = env.settings;
    assert!(!s.support.enabled);
    assert_eq!(s.support.attachments, AttachmentSettings::default());
    assert_eq!(s.support.ticket_form.fields[0].kind, FieldType::Unknown, "a newer field type");
    assert!(s.help_center.enabled && s.messaging.enabled, "features stay on unless switched off");
    assert!(!s.rating.enabled, "rating prompts stay off unless switched on");
    assert!(serde_json::from_str::<SettingsEnvelope>(r#"{"settings": {"support": {"enabled": "yes"}}}"#).is_err());
}

#[test]
fn push_fixtures() {
    let device: PushDeviceEnvelope = round_trip("push_device_register.json");
    let d = device.push_notification_device;
    assert_eq!(
        (d.identifier.as_str(), d.device_type, d.locale.as_deref()),
        ("<token>", DeviceType::Android, Some("fr"))
    );
    let payload: PushPayload = round_trip("push_payload.json");
    assert_eq!(payload.helpline.kind, PushKind::TicketUpdated);
    assert_eq!((payload.helpline.ticket_id, payload.helpline.conversation_id), (Some(42), Some(5)));
    assert_eq!(paths::push_device("abc"), "/api/mobile/push_notification_devices/abc.json");
}
