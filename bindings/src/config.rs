//! What an app gives the SDK to start: the core's `Config`, with every optional field
//! nullable so that Kotlin and Swift callers name only what they change.

use std::time::Duration;

use helpline_core::Config;

/// The SDK's settings. In Kotlin, `HelplineConfig(baseUrl, appId, clientId, dataDir)`; every
/// other field is optional, `null`/`nil` meaning the core's default (shown in brackets).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HelplineConfig {
    /// The helpdesk's base URL. Must be https, except on loopback (development and tests).
    pub base_url: String,
    /// The app's id at the helpdesk (selects remote SDK settings).
    pub app_id: String,
    /// Sent as `Client-Identifier` on every call.
    pub client_id: String,
    /// A directory private to the app (Android: `context.filesDir`/helpline; iOS: Application
    /// Support/helpline). Created if missing; one SDK instance at a time may open it.
    pub data_dir: String,
    /// The user's locale, such as `en-us` or `fr` [`en-us`].
    #[uniffi(default = None)]
    pub locale: Option<String>,
    /// Goes into the `User-Agent`: `android`, `ios`, `jvm` [`rust`].
    #[uniffi(default = None)]
    pub platform: Option<String>,
    /// The help center's locale when the helpdesk has none in `locale` [`en-us`].
    #[uniffi(default = None)]
    pub fallback_locale: Option<String>,
    /// Bytes of article bodies kept on the device; the least recently read go first [32 MiB].
    #[uniffi(default = None)]
    pub help_center_cache_bytes: Option<i64>,
    /// Upper bound for one HTTP exchange, in milliseconds [15 000].
    #[uniffi(default = None)]
    pub request_timeout_ms: Option<i64>,
    /// While a ticket screen is visible, how often its ticket is brought from the helpdesk, in
    /// milliseconds, for apps without push [30 000; 0: only by push and refreshes].
    #[uniffi(default = None)]
    pub open_ticket_refresh_ms: Option<i64>,
    /// Whether article bodies may show images from other https sites than the helpdesk
    /// [false: a remote image tells its site who reads what].
    #[uniffi(default = None)]
    pub remote_images: Option<bool>,
    /// The app's version (`3.2.1`), reported to agents with new tickets and chats [none].
    #[uniffi(default = None)]
    pub app_version: Option<String>,
    /// The OS's version (`14`, `18.1`), likewise [none].
    #[uniffi(default = None)]
    pub os_version: Option<String>,
    /// Whether new tickets and chats carry the device's facts (platform, OS and app versions,
    /// SDK version, locale; nothing that identifies anyone) [true].
    #[uniffi(default = None)]
    pub send_device_info: Option<bool>,
}

impl From<HelplineConfig> for Config {
    fn from(c: HelplineConfig) -> Self {
        let defaults = Config::new(c.base_url, c.app_id, c.client_id, c.data_dir);
        Config {
            locale: c.locale.unwrap_or(defaults.locale.clone()),
            platform: c.platform.unwrap_or(defaults.platform.clone()),
            fallback_locale: c.fallback_locale.unwrap_or(defaults.fallback_locale.clone()),
            // A negative budget keeps nothing; a negative timeout or interval is the default.
            help_center_cache_bytes: c
                .help_center_cache_bytes
                .map_or(defaults.help_center_cache_bytes, |bytes| u64::try_from(bytes).unwrap_or(0)),
            request_timeout: c
                .request_timeout_ms
                .and_then(|ms| u64::try_from(ms).ok())
                .map_or(defaults.request_timeout, Duration::from_millis),
            open_ticket_refresh: c
                .open_ticket_refresh_ms
                .and_then(|ms| u64::try_from(ms).ok())
                .map_or(defaults.open_ticket_refresh, Duration::from_millis),
            remote_images: c.remote_images.unwrap_or(defaults.remote_images),
            app_version: c.app_version,
            os_version: c.os_version,
            send_device_info: c.send_device_info.unwrap_or(defaults.send_device_info),
            ..defaults
        }
    }
}

/// The configuration in force, every field set.
impl From<&Config> for HelplineConfig {
    fn from(c: &Config) -> Self {
        Self {
            base_url: c.base_url.clone(),
            app_id: c.app_id.clone(),
            client_id: c.client_id.clone(),
            data_dir: c.data_dir.to_string_lossy().into_owned(),
            locale: Some(c.locale.clone()),
            platform: Some(c.platform.clone()),
            fallback_locale: Some(c.fallback_locale.clone()),
            help_center_cache_bytes: Some(i64::try_from(c.help_center_cache_bytes).unwrap_or(i64::MAX)),
            request_timeout_ms: Some(i64::try_from(c.request_timeout.as_millis()).unwrap_or(i64::MAX)),
            open_ticket_refresh_ms: Some(i64::try_from(c.open_ticket_refresh.as_millis()).unwrap_or(i64::MAX)),
            remote_images: Some(c.remote_images),
            app_version: c.app_version.clone(),
            os_version: c.os_version.clone(),
            send_device_info: Some(c.send_device_info),
        }
    }
}
