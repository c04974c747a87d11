//! What an app gives the SDK to start.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::{Error, Result};

#[derive(Debug, Clone)]
pub struct Config {
    /// The helpdesk's base URL. Must be https, except on loopback (development and tests).
    pub base_url: String,
    /// The app's id at the helpdesk (selects remote SDK settings).
    pub app_id: String,
    /// Sent as `Client-Identifier` on every call.
    pub client_id: String,
    /// Where the SDK keeps its database and install id. Created if missing.
    pub data_dir: PathBuf,
    /// The user's locale, such as `en-us` or `fr`.
    pub locale: String,
    /// Goes into the `User-Agent` (`android`, `ios`, `jvm`, `rust`).
    pub platform: String,
    /// The help center's locale when the helpdesk has none in `locale`.
    pub fallback_locale: String,
    /// Bytes of article bodies kept on the device; the least recently read go first
    /// (their titles stay searchable).
    pub help_center_cache_bytes: u64,
    /// Upper bound for one HTTP exchange.
    pub request_timeout: Duration,
    /// While a ticket screen is visible, how often its ticket is brought from the helpdesk, so
    /// that an answer shows in an app without push (30 s; zero: only by push and refreshes).
    pub open_ticket_refresh: Duration,
    /// Whether article bodies may show images from other sites than the helpdesk (over
    /// https). Off by default: a remote image tells its site who reads which article, when.
    pub remote_images: bool,
    /// The app's version (`3.2.1`), for the agent: it goes with new tickets and conversations.
    pub app_version: Option<String>,
    /// The OS's version (`14`, `18.1`), likewise.
    pub os_version: Option<String>,
    /// Whether new tickets and conversations carry the device's facts (platform, OS and app
    /// versions, SDK version, locale; nothing that identifies the device or the user). On by
    /// default: it is what an agent asks first.
    pub send_device_info: bool,
    /// Where the access token and the install id are kept: the platform's vault (Android
    /// Keystore, iOS Keychain), or by default a file only the app can read, in `data_dir`.
    pub secret_store: Option<Arc<dyn crate::SecretStore>>,
}

impl Config {
    pub fn new(
        base_url: impl Into<String>,
        app_id: impl Into<String>,
        client_id: impl Into<String>,
        data_dir: impl Into<PathBuf>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            app_id: app_id.into(),
            client_id: client_id.into(),
            data_dir: data_dir.into(),
            locale: "en-us".into(),
            platform: "rust".into(),
            fallback_locale: "en-us".into(),
            help_center_cache_bytes: 32 * 1024 * 1024,
            request_timeout: Duration::from_secs(15),
            open_ticket_refresh: Duration::from_secs(30),
            remote_images: false,
            app_version: None,
            os_version: None,
            send_device_info: true,
            secret_store: None,
        }
    }

    /// Parses and checks the base URL: https only, plain http allowed on loopback.
    pub(crate) fn validated_base_url(&self) -> Result<Url> {
        let url = Url::parse(self.base_url.trim())
            .map_err(|e| Error::validation("base_url", format!("is not a URL: {e}")))?;
        match url.scheme() {
            "https" => Ok(url),
            "http" if is_loopback(&url) => Ok(url),
            "http" => Err(Error::validation("base_url", "must use https (plain http is allowed on loopback only)")),
            other => Err(Error::validation("base_url", format!("unsupported scheme {other}"))),
        }
    }
}

/// A locale as the SDK keeps it (`fr_CA` -> `fr-ca`): 2 to 35 of letters, digits and `-`,
/// starting with a letter. Anything else -> `Validation` on `locale`.
pub(crate) fn normalized_locale(locale: &str) -> Result<String> {
    let locale = locale.trim().to_lowercase().replace('_', "-");
    let fits = (2..=35).contains(&locale.len())
        && locale.starts_with(|c: char| c.is_ascii_lowercase())
        && locale.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if fits { Ok(locale) } else { Err(Error::validation("locale", "is not a locale such as en-us or fr")) }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Config {
        Config::new(url, "app", "client", "/tmp/x")
    }

    #[test]
    fn locales_are_normalized_or_refused() {
        assert_eq!(normalized_locale(" fr_CA ").unwrap(), "fr-ca");
        assert_eq!(normalized_locale("en-us").unwrap(), "en-us");
        for bad in ["", "f", "fr ca", "1fr", "fr;q=1", "é"] {
            let err = normalized_locale(bad).unwrap_err();
            assert!(matches!(err, Error::Validation { ref field, .. } if field == "locale"), "{bad:?}");
        }
    }

    #[test]
    fn https_everywhere_http_only_on_loopback() {
        assert!(with_url("https://help.example.com").validated_base_url().is_ok());
        assert!(with_url("http://127.0.0.1:8080").validated_base_url().is_ok());
        assert!(with_url("http://localhost:1").validated_base_url().is_ok());
        assert!(with_url("http://[::1]:1").validated_base_url().is_ok());
        let err = with_url("http://help.example.com").validated_base_url().unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "base_url"), "{err}");
        assert!(with_url("not a url").validated_base_url().is_err());
        assert!(with_url("ftp://127.0.0.1").validated_base_url().is_err());
    }
}
