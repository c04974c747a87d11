//! Who the user is, and the app's JWT provider.

use std::sync::Arc;

use helpline_core as core;

use crate::HelplineError;

/// Who is using the app.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Identity {
    /// Unknown to the app's backend; the same install keeps the same helpdesk user.
    Anonymous { name: Option<String>, email: Option<String> },
    /// Known to the app's backend, which signs a JWT for `user_token` (see [`JwtProvider`]).
    Jwt { user_token: String },
}

impl From<Identity> for core::Identity {
    fn from(i: Identity) -> Self {
        match i {
            Identity::Anonymous { name, email } => core::Identity::Anonymous { name, email },
            Identity::Jwt { user_token } => core::Identity::Jwt { user_token },
        }
    }
}

impl From<core::Identity> for Identity {
    fn from(i: core::Identity) -> Self {
        match i {
            core::Identity::Anonymous { name, email } => Identity::Anonymous { name, email },
            core::Identity::Jwt { user_token } => Identity::Jwt { user_token },
        }
    }
}

/// Implemented by the app: fetches a fresh JWT for `user_token` from the app's backend.
/// Called on first sign-in and after the helpdesk refused a token; each JWT is used once.
/// Throwing (any exception) makes the sign-in fail with `Unauthorized`; queued writes wait.
#[uniffi::export(foreign)]
#[async_trait::async_trait]
pub trait JwtProvider: Send + Sync {
    async fn jwt(&self, user_token: String) -> Result<String, HelplineError>;
}

/// The app's provider, as the core wants it.
pub(crate) struct ForeignJwtProvider(pub(crate) Arc<dyn JwtProvider>);

#[async_trait::async_trait]
impl core::JwtProvider for ForeignJwtProvider {
    async fn jwt(&self, user_token: &str) -> Result<String, String> {
        self.0.jwt(user_token.to_owned()).await.map_err(|e| e.to_string())
    }
}
