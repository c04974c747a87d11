//! The local SQLite store: one file, WAL, numbered migrations, one connection.
//!
//! Every read and write of the SDK goes through [`Store::read`] or [`Store::write`]; queries
//! are short, so a plain mutex around one connection is both the simplest and the fastest
//! way to get a single writer. A file that SQLite cannot read is moved aside and rebuilt
//! empty: the helpdesk holds the truth, the next sync brings it back.

mod kv;
mod migrations;
mod recovery;
mod tables;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction};

use crate::{Error, Result};

pub(crate) use kv::Key;
pub(crate) use tables::{Owned, Scope, Tables};

pub(crate) const DB_FILE: &str = "helpline.db";

pub(crate) struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// Who owns each table, and whose rows it holds.
    pub(crate) tables: Tables,
}

/// How opening went: `recovered` says the previous file was unreadable and moved aside.
pub(crate) struct Opened {
    pub store: Store,
    pub recovered: bool,
}

impl Store {
    pub(crate) fn open(dir: &Path) -> Result<Opened> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Storage(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(DB_FILE);
        let (conn, recovered) = recovery::open_or_rebuild(&path)?;
        Ok(Opened { store: Store { conn: Mutex::new(conn), path, tables: Tables::default() }, recovered })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back on drop), so a poisoned lock is safe to take over.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs read-only queries.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }

    /// Runs `f` in one transaction: all of it lands, or none.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}
