//! Paths of the contract, relative to the helpdesk's base URL.

pub const ANONYMOUS_AUTH: &str = "/access/sdk/anonymous";
pub const JWT_AUTH: &str = "/access/sdk/jwt";
/// `DELETE` with the user's Bearer token: revokes that token (sign-out) -> 204.
pub const ACCESS_TOKEN: &str = "/access/sdk/token";
pub const ME: &str = "/api/v2/users/me.json";
pub const REQUESTS: &str = "/api/v2/requests.json";
pub const UPLOADS: &str = "/api/v2/uploads.json";
pub const AGENT_TICKETS: &str = "/api/v2/tickets.json";

pub fn request(id: u64) -> String {
    format!("/api/v2/requests/{id}.json")
}

pub fn request_comments(id: u64) -> String {
    format!("/api/v2/requests/{id}/comments.json")
}

pub fn upload(token: &str) -> String {
    format!("/api/v2/uploads/{token}.json")
}

/// Agent: one user, with their fields (Zendesk's Users API).
pub fn agent_user(id: u64) -> String {
    format!("/api/v2/users/{id}.json")
}

pub fn agent_ticket(id: u64) -> String {
    format!("/api/v2/tickets/{id}.json")
}

/// `POST` by the requester of a solved ticket: its satisfaction rating (Zendesk).
pub fn satisfaction_rating(ticket_id: u64) -> String {
    format!("/api/v2/tickets/{ticket_id}/satisfaction_rating.json")
}

/// Agent: every satisfaction rating (Zendesk's list).
pub const SATISFACTION_RATINGS: &str = "/api/v2/satisfaction_ratings.json";

/// Agent: every comment of a ticket (private ones too), with their attachments.
pub fn agent_ticket_comments(id: u64) -> String {
    format!("/api/v2/tickets/{id}/comments.json")
}

// Help Center. End-user reads are per locale; votes, search, export and authoring are not.

pub const ARTICLE_SEARCH: &str = "/api/v2/help_center/articles/search.json";
pub const INCREMENTAL_ARTICLES: &str = "/api/v2/help_center/incremental/articles.json";

pub fn categories(locale: &str) -> String {
    format!("/api/v2/help_center/{locale}/categories.json")
}

pub fn sections(locale: &str) -> String {
    format!("/api/v2/help_center/{locale}/sections.json")
}

pub fn category_sections(locale: &str, category_id: u64) -> String {
    format!("/api/v2/help_center/{locale}/categories/{category_id}/sections.json")
}

pub fn articles(locale: &str) -> String {
    format!("/api/v2/help_center/{locale}/articles.json")
}

pub fn section_articles(locale: &str, section_id: u64) -> String {
    format!("/api/v2/help_center/{locale}/sections/{section_id}/articles.json")
}

pub fn article(locale: &str, id: u64) -> String {
    format!("/api/v2/help_center/{locale}/articles/{id}.json")
}

pub fn article_attachments(locale: &str, id: u64) -> String {
    format!("/api/v2/help_center/{locale}/articles/{id}/attachments.json")
}

/// `up` true -> `up.json`, false -> `down.json`.
pub fn article_vote(id: u64, up: bool) -> String {
    format!("/api/v2/help_center/articles/{id}/{}.json", if up { "up" } else { "down" })
}

pub fn vote(id: u64) -> String {
    format!("/api/v2/help_center/votes/{id}.json")
}

/// Agent: create an article in a section (POST).
pub fn agent_section_articles(section_id: u64) -> String {
    format!("/api/v2/help_center/sections/{section_id}/articles.json")
}

/// Agent: update (PUT) or archive (DELETE) an article.
pub fn agent_article(id: u64) -> String {
    format!("/api/v2/help_center/articles/{id}.json")
}

// Live messaging (Helpline).

pub const CONVERSATIONS: &str = "/api/v2/conversations.json";
/// The WebSocket of live messaging (Bearer token in the upgrade request).
pub const REALTIME: &str = "/api/v2/realtime";

/// A conversation's messages: `GET ?after_seq=N&limit=M`, or `POST` a new one.
pub fn conversation_messages(id: u64) -> String {
    format!("/api/v2/conversations/{id}/messages.json")
}

/// Agent: every conversation, with its user and last seq.
pub const AGENT_CONVERSATIONS: &str = "/api/v2/agent/conversations.json";

pub fn agent_conversation_messages(id: u64) -> String {
    format!("/api/v2/agent/conversations/{id}/messages.json")
}

pub fn agent_conversation_typing(id: u64) -> String {
    format!("/api/v2/agent/conversations/{id}/typing.json")
}

pub fn agent_conversation_read(id: u64) -> String {
    format!("/api/v2/agent/conversations/{id}/read.json")
}

pub fn agent_conversation_end(id: u64) -> String {
    format!("/api/v2/agent/conversations/{id}/end.json")
}

// SDK settings (Helpline) and push devices. Path parameters are given percent-encoded.

/// The app's remote settings: `GET`, public, `If-None-Match` -> 304.
pub fn sdk_settings(app_id: &str) -> String {
    format!("/api/private/mobile_sdk/settings/{app_id}.json")
}

/// Agent (reference server): `PUT {"settings": {...}}` merges into an app's settings.
pub fn agent_sdk_settings(app_id: &str) -> String {
    format!("/api/v2/agent/mobile_sdk/settings/{app_id}.json")
}

/// `POST` registers the signed-in user's device.
pub const PUSH_DEVICES: &str = "/api/mobile/push_notification_devices.json";

/// `DELETE` unregisters a device by its push token.
pub fn push_device(identifier: &str) -> String {
    format!("/api/mobile/push_notification_devices/{identifier}.json")
}

/// Agent (reference server): every registered device, with its user.
pub const AGENT_PUSH_DEVICES: &str = "/api/v2/agent/push_notification_devices.json";

/// Agent (reference server): the pushes the helpdesk sent, oldest first.
pub const AGENT_SENT_PUSHES: &str = "/api/v2/agent/push_notifications.json";
