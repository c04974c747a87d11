//! WAL checkpoints off the user's path. SQLite's automatic checkpoint runs inside the commit
//! that takes the write-ahead log past 1,000 pages, and syncs the file: that commit (a user's
//! chat message, say) waits milliseconds for it, up to a hundred on slow flash. Here the log is
//! checkpointed once writes pause; the automatic one stays as a backstop at a larger size.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::Notify;

use super::Store;

/// Writes have paused when none came for this long.
const PAUSE: Duration = Duration::from_millis(500);
/// The log is checkpointed inside a commit only past this many pages (32 MB): if writes never
/// pause.
pub(super) const BACKSTOP_PAGES: i64 = 8_000;

/// Counts the commits, and wakes the checkpointer.
#[derive(Default)]
pub(super) struct Checkpoints {
    commits: AtomicU64,
    wake: Notify,
}

impl Checkpoints {
    pub(super) fn committed(&self) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.wake.notify_one();
    }
}

/// Checkpoints the log after each burst of writes, once they pause. Ends with the store
/// (dropping it wakes this task one last time).
pub(crate) fn when_writes_pause(store: &Arc<Store>, runtime: &tokio::runtime::Handle) {
    let checkpoints = Arc::clone(&store.checkpoints);
    let store: Weak<Store> = Arc::downgrade(store);
    let blocking = runtime.clone();
    runtime.spawn(async move {
        loop {
            checkpoints.wake.notified().await;
            loop {
                let seen = checkpoints.commits.load(Ordering::Relaxed);
                tokio::time::sleep(PAUSE).await;
                if checkpoints.commits.load(Ordering::Relaxed) == seen {
                    break;
                }
            }
            let Some(store) = store.upgrade() else { return };
            if let Ok(Err(e)) = blocking.spawn_blocking(move || store.checkpoint()).await {
                tracing::debug!("checkpoint not run: {e}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_len(store: &Store) -> u64 {
        std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_log_reaches_the_file_once_writes_pause_and_not_in_a_commit() {
        let dir = std::env::temp_dir().join(format!("helpline-checkpoint-{}", uuid::Uuid::new_v4()));
        let store = Arc::new(Store::open(&dir).unwrap().store);
        store.checkpoint().unwrap();
        let before = file_len(&store);
        store.write(|tx| Ok(tx.execute("CREATE TABLE t(x TEXT)", [])?)).unwrap();
        for i in 0..800 {
            let value = format!("{i:0>2000}");
            store.write(|tx| Ok(tx.execute("INSERT INTO t VALUES (?1)", [value])?)).unwrap();
        }
        // 800 commits of a page or more: past SQLite's automatic checkpoint (1,000 pages), not ours.
        assert_eq!(file_len(&store), before, "no checkpoint inside a commit");
        when_writes_pause(&store, &tokio::runtime::Handle::current());
        store.write(|tx| Ok(tx.execute("INSERT INTO t VALUES ('last')", [])?)).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while file_len(&store) == before && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(file_len(&store) > before, "checkpointed after the pause");
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
