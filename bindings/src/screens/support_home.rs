//! The support home screen.

use std::sync::Arc;

use helpline_core::{self as core, Result, ScreenSubscription, SupportHomeState};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateIn` and the Swift model do it for you). Called on
/// an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait SupportHomeListener: Send + Sync {
    fn on_state(&self, state: SupportHomeState);
}

struct Foreign(Arc<dyn SupportHomeListener>);

impl core::ScreenListener<SupportHomeState> for Foreign {
    fn on_state(&self, state: SupportHomeState) {
        self.0.on_state(state);
    }
}

/// The support home screen (`helpline.supportHome()`): what the helpdesk offers, promoted
/// articles, open tickets and unread counts, the chat, the writes waiting for the helpdesk.
#[derive(uniffi::Object)]
pub struct SupportHome {
    inner: core::SupportHome,
}

impl SupportHome {
    pub(crate) fn new(inner: core::SupportHome) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl SupportHome {
    /// The whole state now, then each new one until the subscription is closed or released.
    pub fn subscribe(&self, listener: Arc<dyn SupportHomeListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(Foreign(listener))))
    }

    pub fn state(&self) -> SupportHomeState {
        self.inner.state()
    }

    /// Brings the settings, the tickets and the help center, and sends pending writes now;
    /// each part that failed is in `refreshFailures`, and the first is thrown.
    pub async fn refresh(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }
}
