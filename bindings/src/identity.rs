//! The app's JWT provider, as a foreign trait.

use std::sync::Arc;

use helpline_core as core;

/// Implemented by the app: fetches a fresh JWT for `user_token` from the app's backend.
/// Called on first sign-in and after the helpdesk refused a token; each JWT is used once.
/// Throwing (any exception) makes the sign-in fail with `Unauthorized`; queued writes wait.
#[uniffi::export(foreign)]
#[async_trait::async_trait]
pub trait JwtProvider: Send + Sync {
    async fn jwt(&self, user_token: String) -> Result<String, JwtProviderError>;
}

/// The app's provider could not get a token. Any exception it throws arrives as this; its
/// text ends up in the `Unauthorized` error of the sign-in. (The provider's own error type:
/// uniffi cannot yet lower another crate's error from an async callback.)
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum JwtProviderError {
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for JwtProviderError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// The app's provider, as the core wants it.
pub(crate) struct ForeignJwtProvider(pub(crate) Arc<dyn JwtProvider>);

#[async_trait::async_trait]
impl core::JwtProvider for ForeignJwtProvider {
    async fn jwt(&self, user_token: &str) -> Result<String, String> {
        self.0.jwt(user_token.to_owned()).await.map_err(|e| e.to_string())
    }
}
