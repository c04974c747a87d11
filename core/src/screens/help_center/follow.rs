//! What changes the help center screen without the user: a sync landing (new, edited or
//! deleted articles), another user (their votes), the helpdesk switching the help center off
//! or on again, a rebuilt database.

use std::sync::Weak;

use tokio::sync::broadcast::error::RecvError;

use super::Inner;
use super::model::HelpCenterStatus;
use crate::Event;

pub(super) async fn run(screen: Weak<Inner>) {
    let Some(mut events) = screen.upgrade().map(|inner| inner.kernel.events.subscribe()) else { return };
    loop {
        match events.recv().await {
            Ok(
                Event::HelpCenterChanged | Event::IdentityChanged | Event::SettingsChanged | Event::StoreRecovered,
            )
            // Fell behind: read everything again.
            | Err(RecvError::Lagged(_)) => {}
            Ok(_) => continue,
            Err(RecvError::Closed) => return,
        }
        let Some(inner) = screen.upgrade() else { return };
        let was_disabled = inner.state.get().status == HelpCenterStatus::Disabled;
        super::reload(&inner).await;
        if inner.state.get().status == HelpCenterStatus::Disabled {
            super::search::cancel_online(&inner);
        } else if was_disabled {
            // Switched on again: bring what changed while it was off.
            let _ = super::sync(&inner).await;
        }
    }
}
