//! Credentials at rest: the access token and the install id live in the secret store (the
//! app's vault, or a private file), never in the database; sign-out revokes the token at the
//! helpdesk and forgets both; an earlier version's credentials move into the vault.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use helpline_core::{Error, Helpline, SecretStore, TicketDraft};
use helpline_e2e::{Harness, eventually};
use helpline_protocol::paths;

fn draft(subject: &str) -> TicketDraft {
    TicketDraft { subject: subject.into(), description: "details".into(), ..Default::default() }
}

/// The default vault's contents: `secrets.json` in the data directory.
fn file_vault(dir: &Path) -> HashMap<String, String> {
    serde_json::from_slice(&std::fs::read(dir.join("secrets.json")).expect("secrets.json")).expect("a JSON map")
}

/// Every byte the SDK keeps in its database (the file and its write-ahead log).
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(dir.join("helpline.db")).unwrap();
    bytes.extend(std::fs::read(dir.join("helpline.db-wal")).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn me_status(h: &Harness, token: &str) -> u16 {
    let url = format!("{}{}", h.base_url(), paths::ME);
    reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn credentials_live_in_the_private_vault_file_never_in_the_database() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().create(draft("Signed in")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let dir = h.data_dir("Ana");
    let vault = file_vault(&dir);
    let (token, install_id) = (&vault["access_token"], &vault["install_id"]);
    assert_eq!(me_status(&h, token).await, 200, "the kept token is the one in use");
    let database = database_bytes(&dir);
    assert!(!contains(&database, token), "the access token is in the database");
    let identity = std::fs::read_to_string(dir.join("identity.json")).unwrap();
    assert!(!identity.contains(token.as_str()) && !identity.contains(install_id.as_str()), "{identity}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("secrets.json")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the vault file is the app's alone");
    }
}

#[tokio::test]
async fn sign_out_revokes_the_token_at_the_helpdesk_and_forgets_the_credentials() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().create(draft("Leaving-subject-7f3a")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    sdk.tickets().refresh().await.unwrap();
    let dir = h.data_dir("Ana");
    assert!(contains(&database_bytes(&dir), "Leaving-subject-7f3a"));
    let before = file_vault(&dir);
    let token = before["access_token"].clone();
    assert_eq!(me_status(&h, &token).await, 200);

    sdk.clear_identity().await.unwrap();

    let after = file_vault(&dir);
    assert!(!after.contains_key("access_token"), "the token is forgotten: {after:?}");
    assert!(
        !contains(&database_bytes(&dir), "Leaving-subject-7f3a"),
        "the signed-out user's ticket is still readable in the database file"
    );
    assert_ne!(after["install_id"], before["install_id"], "the next anonymous user is someone new");
    let mut status = 0;
    for _ in 0..250 {
        status = me_status(&h, &token).await;
        if status == 401 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, 401, "the helpdesk still takes the signed-out user's token");
}

/// An app's vault (here in memory), as the Keystore and Keychain ones are given.
#[derive(Default)]
struct MemoryVault {
    secrets: Mutex<HashMap<String, String>>,
    broken: bool,
}

impl SecretStore for MemoryVault {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        if self.broken {
            return Err("the device is locked".into());
        }
        Ok(self.secrets.lock().unwrap().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.secrets.lock().unwrap().insert(key.into(), value.into());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.secrets.lock().unwrap().remove(key);
        Ok(())
    }
}

#[tokio::test]
async fn an_apps_vault_holds_the_credentials_and_a_failing_one_fails_the_open() {
    let h = Harness::start().await;
    let vault = Arc::new(MemoryVault::default());
    let mut config = h.config("Ana");
    config.secret_store = Some(vault.clone());
    {
        let sdk = Helpline::open(config.clone()).unwrap();
        sdk.set_identity(helpline_core::Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
        sdk.tickets().create(draft("Vaulted")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
    }
    let kept = vault.secrets.lock().unwrap().clone();
    assert!(kept.contains_key("install_id") && kept.contains_key("access_token"), "{kept:?}");
    assert!(!h.data_dir("Ana").join("secrets.json").exists(), "nothing beside the app's vault");

    // A vault that cannot answer (a locked device) must not make the user someone new.
    config.secret_store = Some(Arc::new(MemoryVault { broken: true, ..Default::default() }));
    match Helpline::open(config) {
        Err(Error::Storage { reason }) => assert!(reason.contains("secret store"), "{reason}"),
        Err(other) => panic!("expected a storage error, got {other:?}"),
        Ok(_) => panic!("opened without its credentials"),
    }
}

/// Versions before the vault kept the install id in identity.json and the token in the
/// database: the first open moves both, and the user keeps their tickets.
#[tokio::test]
async fn an_earlier_versions_credentials_move_into_the_vault() {
    let h = Harness::start().await;
    let dir = h.data_dir("Ana");
    {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("From the old version")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
    }
    let vault = file_vault(&dir);
    let (token, install_id) = (vault["access_token"].clone(), vault["install_id"].clone());
    // The old layout: no vault; the install id in the identity file; the token in `kv`.
    for file in ["secrets.json", "secrets.json.bak"] {
        let _ = std::fs::remove_file(dir.join(file));
    }
    let mut identity: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("identity.json")).unwrap()).unwrap();
    identity["install_id"] = install_id.clone().into();
    for file in ["identity.json", "identity.json.bak"] {
        std::fs::write(dir.join(file), identity.to_string()).unwrap();
    }
    let db = rusqlite::Connection::open(dir.join("helpline.db")).unwrap();
    db.execute("INSERT INTO kv(key, value) VALUES ('access_token', ?1)", [&token]).unwrap();
    drop(db);

    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let moved = file_vault(&dir);
    assert_eq!(moved["install_id"], install_id);
    assert_eq!(moved["access_token"], token);
    assert!(!contains(&database_bytes(&dir), &token), "the token left the database");
    let tickets = sdk.tickets().refresh().await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), ["From the old version"]);
    eventually("the identity file rewritten without the install id", || {
        !std::fs::read_to_string(dir.join("identity.json")).unwrap().contains(&install_id)
    })
    .await;
}
