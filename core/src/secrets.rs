//! The user's credentials at rest: the access token, and the install id (an anonymous user's
//! only proof of who they are). They live in a [`SecretStore`], never in the database: an app
//! gives the platform's vault (Android Keystore, iOS Keychain; android/ and ios/ ship both),
//! and the default is a file beside the database that only the app can read (0600).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::{Error, Result};

/// A small key-value vault for secrets. Called off the app's main thread, rarely: at open,
/// at sign-in and sign-out (the SDK keeps what it read in memory).
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> std::result::Result<Option<String>, String>;
    fn set(&self, key: &str, value: &str) -> std::result::Result<(), String>;
    fn delete(&self, key: &str) -> std::result::Result<(), String>;
}

impl std::fmt::Debug for dyn SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretStore")
    }
}

const SECRETS_FILE: &str = "secrets.json";
const INSTALL_ID: &str = "install_id";
const ACCESS_TOKEN: &str = "access_token";

/// The default vault: one JSON map in `secrets.json`, written durably and readable by the
/// app alone (see `durable_file`).
pub struct FileSecretStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileSecretStore {
    pub fn new(data_dir: &Path) -> Self {
        Self { path: data_dir.join(SECRETS_FILE), lock: Mutex::new(()) }
    }

    fn update(&self, change: impl FnOnce(&mut BTreeMap<String, String>)) -> std::result::Result<(), String> {
        let _one_writer = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map: BTreeMap<String, String> = crate::durable_file::read(&self.path).unwrap_or_default();
        change(&mut map);
        crate::durable_file::write(&self.path, &map).map_err(|e| e.to_string())
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, key: &str) -> std::result::Result<Option<String>, String> {
        let map: Option<BTreeMap<String, String>> = crate::durable_file::read(&self.path);
        Ok(map.and_then(|mut m| m.remove(key)))
    }

    fn set(&self, key: &str, value: &str) -> std::result::Result<(), String> {
        self.update(|m| {
            m.insert(key.to_owned(), value.to_owned());
        })
    }

    fn delete(&self, key: &str) -> std::result::Result<(), String> {
        self.update(|m| {
            m.remove(key);
        })
    }
}

/// The session's view of the vault: typed, with the access token kept in memory once read
/// (a Keychain read per request would be slow).
pub(crate) struct Credentials {
    vault: Arc<dyn SecretStore>,
    token: RwLock<Option<Option<String>>>,
}

fn failed(what: &str, reason: String) -> Error {
    Error::Storage { reason: format!("the secret store could not {what}: {reason}") }
}

impl Credentials {
    pub(crate) fn new(vault: Arc<dyn SecretStore>) -> Self {
        Self { vault, token: RwLock::new(None) }
    }

    pub(crate) fn install_id(&self) -> Result<Option<String>> {
        self.vault.get(INSTALL_ID).map_err(|e| failed("read the install id", e))
    }

    pub(crate) fn set_install_id(&self, id: &str) -> Result<()> {
        self.vault.set(INSTALL_ID, id).map_err(|e| failed("keep the install id", e))
    }

    pub(crate) fn access_token(&self) -> Result<Option<String>> {
        if let Some(known) = self.token.read().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(known);
        }
        let stored = self.vault.get(ACCESS_TOKEN).map_err(|e| failed("read the access token", e))?;
        *self.token.write().unwrap_or_else(|p| p.into_inner()) = Some(stored.clone());
        Ok(stored)
    }

    pub(crate) fn set_access_token(&self, token: &str) -> Result<()> {
        // In memory first: a vault that cannot write still lets this session work.
        *self.token.write().unwrap_or_else(|p| p.into_inner()) = Some(Some(token.to_owned()));
        self.vault.set(ACCESS_TOKEN, token).map_err(|e| failed("keep the access token", e))
    }

    pub(crate) fn forget_access_token(&self) -> Result<()> {
        *self.token.write().unwrap_or_else(|p| p.into_inner()) = Some(None);
        self.vault.delete(ACCESS_TOKEN).map_err(|e| failed("delete the access token", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_vault_keeps_deletes_and_is_private() {
        let dir = std::env::temp_dir().join(format!("helpline-secrets-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let vault = FileSecretStore::new(&dir);
        assert_eq!(vault.get("k").unwrap(), None);
        vault.set("k", "v").unwrap();
        vault.set("other", "w").unwrap();
        assert_eq!(FileSecretStore::new(&dir).get("k").unwrap().as_deref(), Some("v"));
        vault.delete("k").unwrap();
        assert_eq!(vault.get("k").unwrap(), None);
        assert_eq!(vault.get("other").unwrap().as_deref(), Some("w"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(SECRETS_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
