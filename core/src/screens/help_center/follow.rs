//! What changes the help center screen without the user: a sync landing (new, edited or
//! deleted articles), another user or a first sign-in (their votes), the helpdesk switching the
//! help center off or on again, a rebuilt database.

use std::sync::Weak;

use tokio::sync::broadcast::error::RecvError;

use super::Inner;
use super::model::{HelpCenterStatus, HelpCenterSync};
use crate::Event;

pub(super) async fn run(screen: Weak<Inner>) {
    let Some(mut events) = screen.upgrade().map(|inner| inner.kernel.events.subscribe()) else { return };
    loop {
        let user_changed = match events.recv().await {
            Ok(Event::IdentityChanged | Event::StoreRecovered) => true,
            Ok(Event::HelpCenterChanged | Event::SignedIn | Event::SettingsChanged)
            // Fell behind: read everything again.
            | Err(RecvError::Lagged(_)) => false,
            Ok(_) => continue,
            Err(RecvError::Closed) => return,
        };
        let Some(inner) = screen.upgrade() else { return };
        if user_changed {
            // The previous user's failed sync is not the new one's.
            inner.state.update(|s| {
                if matches!(s.cache.sync, HelpCenterSync::Failed { .. }) {
                    s.cache.sync = HelpCenterSync::NotYet;
                }
            });
        }
        let was_disabled = inner.state.get().status == HelpCenterStatus::Disabled;
        super::reload(&inner).await;
        let disabled = inner.state.get().status == HelpCenterStatus::Disabled;
        if disabled {
            super::search::cancel_online(&inner);
        }
        // Not held while the helpdesk answers.
        drop(inner);
        if !disabled && was_disabled {
            // Switched on again: bring what changed while it was off.
            let _ = super::sync(&screen).await;
        }
    }
}
