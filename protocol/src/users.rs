//! End users and agents as the helpdesk shows them.

use serde::{Deserialize, Serialize};

use crate::Attachment;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub photo: Option<Attachment>,
    /// Side-loaded users say whether they are agents; `users/me` may omit it.
    #[serde(default)]
    pub agent: bool,
    /// The user's fields (Zendesk's `user_fields`): on `users/me` and the agent's view of a
    /// user, never on side-loaded users. Absent: the helpdesk did not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_fields: Option<crate::UserFields>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEnvelope {
    pub user: User,
}
