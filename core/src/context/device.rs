//! The device's and the app's facts that go with a new ticket or conversation: the platform,
//! the versions the app gives, the SDK's, the locale in force. No identifier of anyone.

use helpline_protocol as wire;

use crate::kernel::Kernel;

/// The SDK's version, as built.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A version the app gives is cut to this many characters: it goes with every ticket and
/// conversation, whose metadata the helpdesk bounds.
const MAX_VERSION_CHARS: usize = 64;

/// The facts, unless the app turned them off (`Config::send_device_info`).
pub(super) fn facts(kernel: &Kernel) -> Option<wire::DeviceFacts> {
    let config = &kernel.config;
    let given = |v: &Option<String>| {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| v.chars().take(MAX_VERSION_CHARS).collect())
    };
    config.send_device_info.then(|| wire::DeviceFacts {
        os: config.platform.clone(),
        os_version: given(&config.os_version),
        app_version: given(&config.app_version),
        sdk_version: SDK_VERSION.to_owned(),
        locale: kernel.locale(),
    })
}
