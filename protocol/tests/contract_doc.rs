//! docs/CONTRACT.md's examples are this crate's fixtures, so the document cannot drift from the
//! code: every JSON example in it names its fixture (`<!-- fixture: NAME.json -->` on the line
//! above), says the same as that file, and decodes as the contract's type for it; and every
//! fixture is shown in the document.

use std::collections::BTreeSet;
use std::path::PathBuf;

use helpline_protocol::*;
use serde::de::DeserializeOwned;

const MARKER: &str = "<!-- fixture: ";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    let path = root().join("fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes `json` as `T`, the error as text.
fn typed<T: DeserializeOwned>(json: &str) -> Result<(), String> {
    serde_json::from_str::<T>(json).map(|_| ()).map_err(|e| e.to_string())
}

/// The contract's type of each fixture.
fn decode(name: &str, json: &str) -> Result<(), String> {
    match name {
        "agent_ticket_update.json" => typed::<TicketUpdateEnvelope>(json),
        "anonymous_auth_request.json" => typed::<AnonymousAuthRequest>(json),
        "auth_response.json" => typed::<AuthResponse>(json),
        "jwt_auth_request.json" => typed::<JwtAuthRequest>(json),
        "jwt_claims.json" => typed::<JwtClaims>(json),
        "user_me.json" | "user_me_fields.json" => typed::<UserEnvelope>(json),
        "user_fields_update.json" => typed::<UserFieldsUpdateEnvelope>(json),
        "create_request_context.json" => typed::<NewRequestEnvelope>(json),
        "agent_ticket_context.json" => typed::<TicketEnvelope>(json),
        "msg_conversation_create_context.json" => typed::<NewConversationEnvelope>(json),
        "create_request.json" => typed::<NewRequestEnvelope>(json),
        "update_request.json" => typed::<RequestUpdateEnvelope>(json),
        "request_response.json" => typed::<RequestEnvelope>(json),
        "requests_page_offset.json" | "requests_page_cursor.json" => typed::<RequestsPage>(json),
        "comments_page.json" => typed::<CommentsPage>(json),
        "upload_response.json" => typed::<UploadEnvelope>(json),
        "hc_categories_page.json" => typed::<CategoriesPage>(json),
        "hc_sections_page.json" => typed::<SectionsPage>(json),
        "hc_articles_page.json" => typed::<ArticlesPage>(json),
        "hc_article.json" => typed::<ArticleEnvelope>(json),
        "hc_article_attachments.json" => typed::<ArticleAttachmentsPage>(json),
        "hc_article_draft.json" => typed::<ArticleDraftEnvelope>(json),
        "hc_incremental_articles.json" | "hc_incremental_articles_zendesk.json" => {
            typed::<IncrementalArticlesPage>(json)
        }
        "hc_search_results.json" => typed::<SearchResultsPage>(json),
        "hc_vote.json" => typed::<VoteEnvelope>(json),
        "mobile_sdk_settings.json" => typed::<SettingsEnvelope>(json),
        "push_device_register.json" | "push_device_response.json" => typed::<PushDeviceEnvelope>(json),
        "push_payload.json" => typed::<PushPayload>(json),
        "msg_conversation_create.json" => typed::<NewConversationEnvelope>(json),
        "msg_conversation_create_new.json" => typed::<NewConversationEnvelope>(json),
        "msg_conversation.json" => typed::<ConversationEnvelope>(json),
        "msg_conversations_page.json" => typed::<ConversationsPage>(json),
        "msg_messages_page.json" | "msg_rich_messages_page.json" => typed::<MessagesPage>(json),
        "msg_new_message_reply.json" | "msg_new_message_form.json" => typed::<NewMessageEnvelope>(json),
        "agent_message_rich.json" => typed::<AgentMessageEnvelope>(json),
        "msg_new_message.json" => typed::<NewMessageEnvelope>(json),
        "msg_message.json" => typed::<MessageEnvelope>(json),
        "csat_rating_create.json" => typed::<NewSatisfactionRatingEnvelope>(json),
        "csat_rating.json" => typed::<SatisfactionRatingEnvelope>(json),
        "csat_ratings_page.json" => typed::<SatisfactionRatingsPage>(json),
        "csat_request.json" => typed::<RequestEnvelope>(json),
        name if name.starts_with("error_") => typed::<ErrorBody>(json),
        name if name.starts_with("msg_ws_client_") => ClientFrame::parse(json).map(|_| ()).map_err(|e| e.to_string()),
        name if name.starts_with("msg_ws_server_") => ServerFrame::parse(json).map(|_| ()).map_err(|e| e.to_string()),
        other => Err(format!("no contract type for {other}: name it in decode()")),
    }
}

/// Each ```json block of the document, with the fixture its marker names (if any).
fn examples(doc: &str) -> Vec<(Option<String>, String, usize)> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim() == "```json" {
            let marker = at
                .checked_sub(1)
                .and_then(|above| lines[above].trim().strip_prefix(MARKER))
                .and_then(|rest| rest.strip_suffix(" -->"))
                .map(str::to_owned);
            let end = (at + 1..lines.len()).find(|&i| lines[i].trim() == "```").expect("a closed block");
            found.push((marker, lines[at + 1..end].join("\n"), at + 1));
            at = end;
        }
        at += 1;
    }
    found
}

#[test]
fn every_example_of_the_contract_is_a_fixture_and_decodes() {
    let path = root().join("../docs/CONTRACT.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let examples = examples(&doc);
    assert!(examples.len() >= 50, "{} examples", examples.len());
    let mut shown = BTreeSet::new();
    for (marker, text, line) in examples {
        let name =
            marker.unwrap_or_else(|| panic!("CONTRACT.md:{line}: a JSON example without `{MARKER}NAME.json -->`"));
        let in_doc: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("CONTRACT.md:{line} ({name}): not JSON: {e}"));
        let file: serde_json::Value = serde_json::from_str(&fixture(&name)).unwrap();
        assert_eq!(in_doc, file, "CONTRACT.md:{line} differs from fixtures/{name}");
        decode(&name, &text).unwrap_or_else(|e| panic!("CONTRACT.md:{line} ({name}): {e}"));
        shown.insert(name);
    }
    let mut fixtures: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("fixtures")).unwrap() {
        fixtures.insert(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    let missing: Vec<_> = fixtures.difference(&shown).collect();
    assert!(missing.is_empty(), "fixtures the contract does not show: {missing:?}");
}

#[test]
fn a_marker_names_the_next_block_only() {
    let doc = "text\n<!-- fixture: a.json -->\n```json\n{\"x\": 1}\n```\n\n```json\n{}\n```\n";
    let found = examples(doc);
    assert_eq!(found[0], (Some("a.json".into()), "{\"x\": 1}".into(), 3));
    assert_eq!(found[1].0, None, "an unmarked block is reported, not taken for the one above");
    assert!(decode("unknown.json", "{}").is_err(), "a fixture without a type is refused");
}

/// The Zendesk shapes and Helpline's additions to them, told apart.
#[test]
fn zendesk_shapes_lack_what_helpline_adds() {
    let zendesk: IncrementalArticlesPage =
        serde_json::from_str(&fixture("hc_incremental_articles_zendesk.json")).unwrap();
    assert_eq!(zendesk.deleted_article_ids, None, "not known, rather than none deleted");
    assert_eq!(zendesk.articles[0].attachments, None);
    let helpline: IncrementalArticlesPage = serde_json::from_str(&fixture("hc_incremental_articles.json")).unwrap();
    assert_eq!(helpline.articles[0].attachments.as_ref().map(Vec::len), Some(1));
    assert_eq!(helpline.articles[1].attachments, Some(vec![]), "known to have none");

    let quota: ErrorBody = serde_json::from_str(&fixture("error_over_quota.json")).unwrap();
    assert_eq!(quota.details["file"][0].error, "OverQuota");
    let expired: ErrorBody = serde_json::from_str(&fixture("error_upload_expired.json")).unwrap();
    assert_eq!(expired.first_invalid_field().map(|(field, _)| field), Some("uploads"));
    let absent: ErrorBody = serde_json::from_str(&fixture("error_invalid_endpoint.json")).unwrap();
    assert_eq!(absent.error, "InvalidEndpoint");

    let rating: SatisfactionRatingEnvelope = serde_json::from_str(&fixture("csat_rating.json")).unwrap();
    assert_eq!((rating.satisfaction_rating.score, rating.satisfaction_rating.ticket_id), (Score::Good, 42));
    let unknown: Score = serde_json::from_str("\"great\"").unwrap();
    assert_eq!(unknown, Score::Unknown, "a newer score is kept as unknown");
    assert_eq!(paths::satisfaction_rating(42), "/api/v2/tickets/42/satisfaction_rating.json");
    let device: PushDeviceEnvelope = serde_json::from_str(&fixture("push_device_response.json")).unwrap();
    assert_eq!(device.push_notification_device.id, Some(11));
}
