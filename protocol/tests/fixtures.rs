//! Every JSON example of CONTRACT.md (identity, requests, comments, users, uploads, errors)
//! kept as a fixture: it must decode, and what we encode from it must decode to the same value.

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

    let update: RequestUpdateEnvelope = round_trip("update_request.json");
    assert_eq!(update.request.solved, Some(true));
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
    assert_eq!(export.deleted_article_ids, vec![399]);
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
