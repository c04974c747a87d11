//! Who the user is, and the access token that proves it.
//!
//! The identity lives in a small file beside the database, so that even a rebuilt database
//! signs the same user back in and the helpdesk returns their tickets. The credentials, the
//! per-install id and the access token, live in the app's [`SecretStore`] (`secrets`); a 401
//! triggers exactly one re-authentication. A JWT is used once and never kept.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use helpline_protocol as wire;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::secrets::{Credentials, SecretStore};
use crate::store::{Key, Store};
use crate::transport::{ApiRequest, Transport};
use crate::{Error, Result};

const IDENTITY_FILE: &str = "identity.json";
const MAX_NAME: usize = 255;

/// Who is using the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Identity {
    /// Unknown to the app's backend; the same install keeps the same helpdesk user.
    Anonymous { name: Option<String>, email: Option<String> },
    /// Known to the app's backend, which signs a JWT for `user_token` (see [`JwtProvider`]).
    Jwt { user_token: String },
}

/// Fetches a fresh JWT from the app's backend. Called on first sign-in and after a 401:
/// each JWT is single-use (its `jti`), so the SDK never replays one.
#[async_trait]
pub trait JwtProvider: Send + Sync {
    async fn jwt(&self, user_token: &str) -> std::result::Result<String, String>;
}

impl Identity {
    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            Identity::Anonymous { name, email } => {
                if let Some(name) = name
                    && name.chars().count() > MAX_NAME
                {
                    return Err(Error::validation("name", format!("is longer than {MAX_NAME} characters")));
                }
                if let Some(email) = email
                    && !is_plausible_email(email)
                {
                    return Err(Error::validation("email", format!("{email:?} is not an email address")));
                }
                Ok(())
            }
            Identity::Jwt { user_token } if user_token.trim().is_empty() => {
                Err(Error::validation("user_token", "cannot be blank"))
            }
            Identity::Jwt { .. } => Ok(()),
        }
    }

    /// Whether `other` is the same helpdesk user (their cached data may be kept).
    fn same_user(&self, other: &Identity) -> bool {
        match (self, other) {
            (Identity::Anonymous { .. }, Identity::Anonymous { .. }) => true,
            (Identity::Jwt { user_token: a }, Identity::Jwt { user_token: b }) => a == b,
            _ => false,
        }
    }
}

/// The syntax check the HTML living standard uses for `type=email`: one `@`, a local part,
/// and a dotted domain of letters, digits and hyphens. Deliverability is the helpdesk's job.
pub(crate) fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    let local_ok =
        !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok && email.len() <= 254
}

/// The identity file: the current identity. (Versions before the secret store kept the
/// install id here too; it is moved to the vault at the first open.)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct IdentityFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    install_id: Option<String>,
    identity: Option<Identity>,
}

/// Who is signed in on this install, in memory.
#[derive(Debug, Clone)]
struct SessionState {
    install_id: String,
    identity: Option<Identity>,
}

/// Signs in, keeps the token, and wraps every call to the helpdesk.
pub(crate) struct Session {
    pub(crate) transport: Transport,
    store: Arc<Store>,
    file: PathBuf,
    credentials: Credentials,
    state: RwLock<SessionState>,
    jwt_provider: RwLock<Option<Arc<dyn JwtProvider>>>,
    /// Serializes sign-ins so concurrent 401s re-authenticate once.
    auth_lock: tokio::sync::Mutex<()>,
}

/// What `set_identity` did to the cache.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum IdentityChange {
    /// The same user (their details may have changed).
    Same,
    /// A user where there was none and nothing cached: nothing to wipe.
    First,
    /// Another user: the previous one's data is wiped.
    Switched,
}

impl Session {
    pub(crate) fn open(
        transport: Transport,
        store: Arc<Store>,
        data_dir: &Path,
        vault: Arc<dyn SecretStore>,
    ) -> Result<Self> {
        let file = data_dir.join(IDENTITY_FILE);
        let saved: IdentityFile = crate::durable_file::read(&file).unwrap_or_else(|| {
            if file.exists() {
                tracing::error!("{} and its backup are unreadable; no identity until the app sets one", file.display());
            }
            IdentityFile::default()
        });
        let credentials = Credentials::new(vault);
        // A vault that cannot answer fails the open: a new install id would make the user
        // someone new, and lose their tickets.
        let install_id = match (credentials.install_id()?, saved.install_id) {
            (Some(id), _) => id,
            (None, earlier) => {
                let id = earlier.unwrap_or_else(new_install_id);
                credentials.set_install_id(&id)?;
                id
            }
        };
        // The access token of versions before the vault leaves the database.
        if let Some(token) = store.read(|c| Key::AccessToken.get(c))? {
            credentials.set_access_token(&token)?;
            store.write(|tx| Key::AccessToken.delete(tx))?;
            store.scrub()?;
        }
        let session = Self {
            transport,
            store,
            file,
            credentials,
            state: RwLock::new(SessionState { install_id, identity: saved.identity }),
            jwt_provider: RwLock::new(None),
            auth_lock: tokio::sync::Mutex::new(()),
        };
        session.persist()?;
        Ok(session)
    }

    pub(crate) fn install_id(&self) -> String {
        self.state.read().unwrap_or_else(|p| p.into_inner()).install_id.clone()
    }

    pub(crate) fn identity(&self) -> Option<Identity> {
        self.state.read().unwrap_or_else(|p| p.into_inner()).identity.clone()
    }

    pub(crate) fn set_jwt_provider(&self, provider: Arc<dyn JwtProvider>) {
        *self.jwt_provider.write().unwrap_or_else(|p| p.into_inner()) = Some(provider);
    }

    /// Records the identity. A different user wipes the previous one's cached data and
    /// queued writes (they must never be sent under someone else's name).
    /// `before_wipe` runs first when the user changes (the realtime link of the previous user
    /// stops, so nothing of theirs lands after the wipe).
    pub(crate) fn set_identity(&self, identity: Identity, before_wipe: impl FnOnce()) -> Result<IdentityChange> {
        identity.validate()?;
        let previous = self.identity();
        let change = match &previous {
            Some(p) if p.same_user(&identity) => IdentityChange::Same,
            None if !self.has_cached_user_data()? => IdentityChange::First,
            _ => IdentityChange::Switched,
        };
        if change == IdentityChange::Switched {
            before_wipe();
            self.credentials.forget_access_token()?;
            self.store.write(|tx| {
                self.store.tables.wipe_user_data(tx)?;
                Key::UserId.delete(tx)
            })?;
            self.store.scrub()?;
        } else if previous.as_ref() != Some(&identity) {
            // Same user, new name or email: sign in again so the helpdesk learns them.
            self.credentials.forget_access_token()?;
        }
        self.state.write().unwrap_or_else(|p| p.into_inner()).identity = Some(identity);
        self.persist()?;
        Ok(change)
    }

    /// Forgets the user: their data, their token, and the install id (a later anonymous
    /// user is a new person).
    pub(crate) fn clear_identity(&self) -> Result<()> {
        self.credentials.forget_access_token()?;
        self.store.write(|tx| {
            self.store.tables.wipe_user_data(tx)?;
            Key::UserId.delete(tx)
        })?;
        self.store.scrub()?;
        let install_id = new_install_id();
        self.credentials.set_install_id(&install_id)?;
        *self.state.write().unwrap_or_else(|p| p.into_inner()) = SessionState { install_id, identity: None };
        self.persist()
    }

    /// The access token held for the user, without signing in (sign-out's last calls).
    pub(crate) fn stored_token(&self) -> Result<Option<String>> {
        self.credentials.access_token()
    }

    fn has_cached_user_data(&self) -> Result<bool> {
        self.store.read(|c| self.store.tables.has_user_data(c))
    }

    /// The helpdesk's id of the signed-in user, once known.
    pub(crate) fn user_id(&self) -> Result<Option<u64>> {
        self.store.read(|c| Ok(Key::UserId.get(c)?.and_then(|v| v.parse().ok())))
    }

    /// Sends an authenticated call, signing in first if needed and once more after a 401.
    /// A call for public content (the help center): signed in when there is an identity, so
    /// the helpdesk may tailor it, and anonymous otherwise rather than failing.
    pub(crate) async fn call_public<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T> {
        if self.identity().is_some() { self.call(request).await } else { self.transport.send(request, None).await }
    }

    pub(crate) async fn call<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T> {
        let token = self.token().await?;
        match self.transport.send(request, Some(&token)).await {
            Err(Error::Unauthorized { .. }) => {
                let fresh = self.reauthenticate(&token).await?;
                self.transport.send(request, Some(&fresh)).await
            }
            other => other,
        }
    }

    /// The access token, signing in first if needed (for the realtime link).
    pub(crate) async fn access_token(&self) -> Result<String> {
        self.token().await
    }

    /// A token the helpdesk refused: sign in again (once for concurrent callers).
    pub(crate) async fn refresh_token(&self, stale: &str) -> Result<String> {
        self.reauthenticate(stale).await
    }

    /// How the user's own messages are signed on this device.
    pub(crate) fn display_name(&self) -> String {
        match self.identity() {
            Some(Identity::Anonymous { name: Some(name), .. }) if !name.trim().is_empty() => name,
            _ => "You".to_owned(),
        }
    }

    async fn token(&self) -> Result<String> {
        if let Some(token) = self.credentials.access_token()? {
            return Ok(token);
        }
        let _guard = self.auth_lock.lock().await;
        if let Some(token) = self.credentials.access_token()? {
            return Ok(token);
        }
        self.authenticate().await
    }

    async fn reauthenticate(&self, stale: &str) -> Result<String> {
        let _guard = self.auth_lock.lock().await;
        if let Some(current) = self.credentials.access_token()?
            && current != stale
        {
            return Ok(current);
        }
        tracing::info!("access token refused; signing in again");
        self.credentials.forget_access_token()?;
        self.authenticate().await
    }

    /// Exchanges the identity for an access token and learns the user's id.
    async fn authenticate(&self) -> Result<String> {
        let identity = self.identity().ok_or(Error::NoIdentity)?;
        let sdk_guid = self.install_id();
        let request = match identity {
            Identity::Anonymous { name, email } => {
                let identifier = (name.is_some() || email.is_some()).then_some(wire::Identifier { name, email });
                let body = wire::AnonymousAuthRequest {
                    authentication: wire::AnonymousAuthentication { sdk_guid, identifier },
                };
                ApiRequest::write(
                    Method::POST,
                    self.transport.url(wire::paths::ANONYMOUS_AUTH),
                    serde_json::to_value(body)?,
                    &uuid::Uuid::new_v4().to_string(),
                )
            }
            Identity::Jwt { user_token } => {
                let provider = self.jwt_provider.read().unwrap_or_else(|p| p.into_inner()).clone();
                let provider = provider
                    .ok_or_else(|| Error::Unauthorized { reason: "no JwtProvider set for a JWT identity".into() })?;
                let token = provider
                    .jwt(&user_token)
                    .await
                    .map_err(|e| Error::Unauthorized { reason: format!("JwtProvider failed: {e}") })?;
                let body = wire::JwtAuthRequest { authentication: wire::JwtAuthentication { sdk_guid, token } };
                ApiRequest::write(
                    Method::POST,
                    self.transport.url(wire::paths::JWT_AUTH),
                    serde_json::to_value(body)?,
                    &uuid::Uuid::new_v4().to_string(),
                )
            }
        };
        let auth: wire::AuthResponse = self.transport.send(&request, None).await?;
        let token = auth.authentication.access_token;
        let me: wire::UserEnvelope =
            self.transport.send(&ApiRequest::get(self.transport.url(wire::paths::ME)), Some(&token)).await?;
        self.credentials.set_access_token(&token)?;
        self.store.write(|tx| Key::UserId.set(tx, &me.user.id.to_string()))?;
        Ok(token)
    }

    /// Writes the identity file durably, with its backup (see `durable_file`).
    fn persist(&self) -> Result<()> {
        let identity = self.state.read().unwrap_or_else(|p| p.into_inner()).identity.clone();
        crate::durable_file::write(&self.file, &IdentityFile { install_id: None, identity })
    }
}

fn new_install_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax() {
        for ok in ["ana@example.com", "a.b+c@mail.example.co.uk", "x@a-b.io"] {
            assert!(is_plausible_email(ok), "{ok}");
        }
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "a b@example.com",
            "ana@-x.com",
            "ana@example..com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn identities_validate_their_fields() {
        let bad_email = Identity::Anonymous { name: None, email: Some("nope".into()) };
        assert!(matches!(bad_email.validate(), Err(Error::Validation { field, .. }) if field == "email"));
        let long_name = Identity::Anonymous { name: Some("x".repeat(256)), email: None };
        assert!(matches!(long_name.validate(), Err(Error::Validation { field, .. }) if field == "name"));
        let blank = Identity::Jwt { user_token: " ".into() };
        assert!(matches!(blank.validate(), Err(Error::Validation { field, .. }) if field == "user_token"));
    }
}
