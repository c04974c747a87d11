//! Paths of the contract, relative to the helpdesk's base URL.

pub const ANONYMOUS_AUTH: &str = "/access/sdk/anonymous";
pub const JWT_AUTH: &str = "/access/sdk/jwt";
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

pub fn agent_ticket(id: u64) -> String {
    format!("/api/v2/tickets/{id}.json")
}
