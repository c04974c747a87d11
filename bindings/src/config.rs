//! What an app gives the SDK to start.

use std::time::Duration;

use helpline_core as core;

use crate::error::millis;

/// The SDK's settings. In Kotlin, `HelplineConfig(baseUrl, appId, clientId, dataDir)`; the
/// other fields have defaults.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HelplineConfig {
    /// The helpdesk's base URL. Must be https, except on loopback (development and tests).
    pub base_url: String,
    /// The app's id at the helpdesk (selects remote SDK settings).
    pub app_id: String,
    /// Sent as `Client-Identifier` on every call.
    pub client_id: String,
    /// A directory private to the app (Android: `context.filesDir`/helpline; iOS: Application
    /// Support/helpline). Created if missing.
    pub data_dir: String,
    /// The user's locale, such as `en-us` or `fr`.
    #[uniffi(default = "en-us")]
    pub locale: String,
    /// Goes into the `User-Agent`: `android`, `ios`, `jvm`; `null`/`nil` keeps the core's default.
    #[uniffi(default = None)]
    pub platform: Option<String>,
    /// Upper bound for one HTTP exchange, in milliseconds.
    #[uniffi(default = 15000)]
    pub request_timeout_ms: u64,
}

impl From<HelplineConfig> for core::Config {
    fn from(c: HelplineConfig) -> Self {
        let mut config = core::Config::new(c.base_url, c.app_id, c.client_id, c.data_dir);
        config.locale = c.locale;
        if let Some(platform) = c.platform {
            config.platform = platform;
        }
        config.request_timeout = Duration::from_millis(c.request_timeout_ms);
        config
    }
}

impl From<&core::Config> for HelplineConfig {
    fn from(c: &core::Config) -> Self {
        Self {
            base_url: c.base_url.clone(),
            app_id: c.app_id.clone(),
            client_id: c.client_id.clone(),
            data_dir: c.data_dir.to_string_lossy().into_owned(),
            locale: c.locale.clone(),
            platform: Some(c.platform.clone()),
            request_timeout_ms: millis(c.request_timeout),
        }
    }
}
