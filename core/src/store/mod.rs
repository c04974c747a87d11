//! The local SQLite store: one file, WAL, numbered migrations, one writer and two readers.
//!
//! Every read and write of the SDK goes through [`Store::read`] or [`Store::write`]. Writes
//! share one connection behind a mutex (SQLite has one writer anyway); reads have connections
//! of their own, so a screen's read never waits for a long sync transaction. A file that
//! SQLite cannot read is moved aside and rebuilt empty: the helpdesk holds the truth, the
//! next sync brings it back. A schema newer than this SDK (an app downgrade) is not
//! unreadable: it is refused with a typed error, the file and its unsent writes untouched.
//! A lock file keeps a second instance (another process of the app) off the directory.

mod checkpoint;
mod kv;
mod migrations;
mod recovery;
mod tables;

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{Error, Result};

pub(crate) use checkpoint::when_writes_pause;
pub(crate) use kv::Key;
pub(crate) use tables::{Owned, Scope, Tables};

/// An in-memory database with the whole schema, for a capability's query tests.
#[cfg(test)]
pub(crate) fn test_connection() -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory SQLite");
    migrations::migrate(&conn).expect("the schema");
    conn
}

pub(crate) const DB_FILE: &str = "helpline.db";
const LOCK_FILE: &str = "helpline.lock";
/// Reads run on their own connections, so they never wait for a write transaction (WAL).
const READERS: usize = 2;

pub(crate) struct Store {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    path: PathBuf,
    /// Held while the SDK is open: one instance per data directory, in any process.
    lock: Mutex<Option<File>>,
    /// Who owns each table, and whose rows it holds.
    pub(crate) tables: Tables,
    checkpoints: Arc<checkpoint::Checkpoints>,
}

impl Drop for Store {
    fn drop(&mut self) {
        // The checkpointer finds no store and ends.
        self.checkpoints.committed();
    }
}

/// How opening went: `recovered` says the previous file was unreadable and moved aside.
pub(crate) struct Opened {
    pub store: Store,
    pub recovered: bool,
}

impl Store {
    pub(crate) fn open(dir: &Path) -> Result<Opened> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Storage { reason: format!("cannot create {}: {e}", dir.display()) })?;
        let lock = lock_dir(dir)?;
        let path = dir.join(DB_FILE);
        let (writer, recovered) = recovery::open_or_rebuild(&path)?;
        let readers =
            (0..READERS).map(|_| recovery::open_reader(&path).map(Mutex::new)).collect::<rusqlite::Result<Vec<_>>>()?;
        let store = Store {
            writer: Mutex::new(writer),
            readers,
            path,
            lock: Mutex::new(Some(lock)),
            tables: Tables::default(),
            checkpoints: Arc::default(),
        };
        Ok(Opened { store, recovered })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the databases once moved aside as unreadable (kept for diagnosis, but they may
    /// hold the previous user's data): the user changed.
    pub(crate) fn remove_set_aside(&self) {
        let Some(dir) = self.path.parent() else { return };
        let prefix = format!("{DB_FILE}.corrupt-");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix)
                && let Err(e) = std::fs::remove_file(entry.path())
            {
                tracing::warn!("cannot delete {}: {e}", entry.path().display());
            }
        }
    }

    /// Lets another instance open the directory (the SDK is being dropped; its background
    /// tasks may still hold the store for a moment).
    pub(crate) fn unlock(&self) {
        take(&self.lock).take();
    }

    /// Runs read-only queries on a reader connection, never behind a write transaction, in
    /// one read transaction: a ticket and its comments come from the same moment.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let free = self.readers.iter().find_map(|reader| reader.try_lock().ok());
        let conn = match free {
            Some(conn) => conn,
            None => take(&self.readers[0]),
        };
        let snapshot = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred)?;
        let value = f(&snapshot)?;
        snapshot.commit()?;
        Ok(value)
    }

    /// Runs `f` in one transaction: all of it lands, or none.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = take(&self.writer);
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        self.checkpoints.committed();
        Ok(value)
    }

    /// Moves the write-ahead log's pages into the file, as far as no reader holds them back.
    fn checkpoint(&self) -> Result<()> {
        let conn = take(&self.writer);
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Moves every committed page into the file and empties the write-ahead log, whose older
    /// page images still hold what was just deleted (after a user's data is wiped).
    pub(crate) fn scrub(&self) -> Result<()> {
        let conn = take(&self.writer);
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// What SQLite's integrity check finds wrong, if anything. Slow on a large cache: it runs
    /// off the app's threads, on a connection of its own so that no screen's read waits for it.
    fn integrity_problem(&self) -> Result<Option<String>> {
        let conn = recovery::open_reader(&self.path)?;
        let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        Ok((check != "ok").then_some(check))
    }
}

/// How often the whole file is checked: it reads every page (a 40 MB cache), and an app may
/// be started many times a day by pushes.
const CHECK_EVERY_MS: i64 = 24 * 3600 * 1000;

/// Runs the integrity check in the background, once a day; a damaged file is rebuilt at the
/// next open (the helpdesk holds the truth), rather than making every open read the whole file.
pub(crate) fn check_later(store: &Arc<Store>, runtime: &tokio::runtime::Handle) {
    let store = Arc::clone(store);
    runtime.spawn_blocking(move || {
        let now = crate::clock::now_unix_ms();
        let last = store.read(|c| Key::IntegrityChecked.get(c)).ok().flatten().and_then(|v| v.parse::<i64>().ok());
        if last.is_some_and(|last| (0..CHECK_EVERY_MS).contains(&(now - last))) {
            return;
        }
        match store.integrity_problem() {
            Ok(None) => {
                let _ = store.write(|tx| Key::IntegrityChecked.set(tx, &now.to_string()));
            }
            // Only SQLite's word that the file is damaged condemns it: an I/O error, a busy
            // file or a locked device's file protection is tried again at the next open.
            Ok(Some(problem)) => {
                tracing::warn!("integrity check: {problem}: the database will be rebuilt at the next open");
                recovery::mark_damaged(&store.path);
            }
            Err(e) => tracing::info!("integrity check not run: {e}"),
        }
    });
}

fn take<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave SQLite half-written (transactions
    // roll back on drop), so a poisoned lock is safe to take over.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Takes the directory's lock file, or says who has it.
fn lock_dir(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::Storage { reason: format!("cannot open {}: {e}", path.display()) })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(Error::DataDirInUse { path: dir.display().to_string() }),
        Err(TryLockError::Error(e)) => Err(Error::Storage { reason: format!("cannot lock {}: {e}", path.display()) }),
    }
}
