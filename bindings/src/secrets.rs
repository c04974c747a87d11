//! The app's vault for the SDK's credentials, as the core wants it.

use std::sync::Arc;

use helpline_core as core;

/// Where the SDK keeps the access token and the install id (an anonymous user's only proof
/// of who they are). Android's `KeystoreSecretStore` and iOS's `KeychainSecretStore` ship with
/// the SDK; without one, a file only the app can read in the data directory is used. Called
/// on the SDK's threads, rarely (open, sign-in, sign-out). Throwing fails that call with
/// `Storage`: nothing is made up in its place.
#[uniffi::export(foreign)]
pub trait SecretStore: Send + Sync {
    fn get(&self, key: String) -> Result<Option<String>, SecretStoreError>;
    fn set(&self, key: String, value: String) -> Result<(), SecretStoreError>;
    fn delete(&self, key: String) -> Result<(), SecretStoreError>;
}

/// The app's vault failed. Any exception it throws arrives as this.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SecretStoreError {
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecretStoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

pub(crate) struct ForeignSecretStore(pub(crate) Arc<dyn SecretStore>);

impl core::SecretStore for ForeignSecretStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.0.get(key.to_owned()).map_err(|e| e.to_string())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0.set(key.to_owned(), value.to_owned()).map_err(|e| e.to_string())
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.0.delete(key.to_owned()).map_err(|e| e.to_string())
    }
}
