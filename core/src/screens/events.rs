//! The SDK's events as a screen takes them: those that arrived together make one batch, so a
//! sync's hundred `TicketChanged` make one re-read, not a hundred.

use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::{Event, EventStream};

/// The events that arrived together; `lagged` when the stream fell behind (read everything).
pub(crate) struct Batch {
    pub events: Vec<Event>,
    pub lagged: bool,
}

impl Batch {
    /// Whether one of them is `wanted` (any, after a lag).
    pub fn any(&self, wanted: impl Fn(&Event) -> bool) -> bool {
        self.lagged || self.events.iter().any(wanted)
    }
}

/// The next batch: waits for one event, then takes those already there; `None` once the SDK
/// is gone.
pub(crate) async fn next_batch(events: &mut EventStream) -> Option<Batch> {
    let mut batch = Batch { events: vec![], lagged: false };
    match events.recv().await {
        Ok(event) => batch.events.push(event),
        Err(RecvError::Lagged(_)) => batch.lagged = true,
        Err(RecvError::Closed) => return None,
    }
    loop {
        match events.try_recv() {
            Ok(event) => batch.events.push(event),
            Err(TryRecvError::Lagged(_)) => batch.lagged = true,
            Err(TryRecvError::Empty | TryRecvError::Closed) => return Some(batch),
        }
    }
}
