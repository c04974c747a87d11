//! The server's housekeeping while it runs: every interval, the uploads that expired unclaimed
//! longer than their grace ago go (rows and files), and so do the expired access tokens. The
//! same sweep runs at start; without this one a long-running server's disk would only fill.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::db::Db;
use crate::time::now_micros;
use crate::{tokens, uploads};

/// Shorter intervals are taken as this one (a zero interval would spin).
const MIN_INTERVAL: Duration = Duration::from_millis(10);

/// Starts sweeping every `interval`; abort the handle to stop.
pub(crate) fn spawn(db: Db, uploads_dir: Arc<Path>, interval: Duration, upload_grace: Duration) -> JoinHandle<()> {
    let interval = interval.max(MIN_INTERVAL);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            match uploads::sweep(&db, &uploads_dir, upload_grace).await {
                Ok(0) => {}
                Ok(files) => tracing::info!(files, "swept expired uploads"),
                Err(e) => tracing::warn!("sweeping expired uploads: {e:?}"),
            }
            match db.call(|conn| tokens::sweep_expired(conn, now_micros())).await {
                Ok(0) => {}
                Ok(tokens) => tracing::debug!(tokens, "forgot expired access tokens"),
                Err(e) => tracing::warn!("sweeping expired access tokens: {e:?}"),
            }
        }
    })
}
