//! Opening the database, and moving an unreadable one aside instead of crashing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, ffi};

use super::migrations;
use crate::{Error, Result};

pub(super) fn open_or_rebuild(path: &Path) -> Result<(Connection, bool)> {
    match open_checked(path) {
        Ok(conn) => Ok((conn, false)),
        Err(e) if is_unreadable(&e) => {
            let aside = move_aside(path)?;
            tracing::warn!("database {} unreadable ({e}); moved to {}, rebuilding", path.display(), aside.display());
            let conn = open_checked(path)?;
            Ok((conn, true))
        }
        Err(e) => Err(e.into()),
    }
}

fn open_checked(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL: readers never block the writer. NORMAL sync: a commit survives the app being
    // killed (only a power loss may drop the last transactions), at a fraction of FULL's cost.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(corrupt(format!("quick_check: {check}")));
    }
    migrations::migrate(&conn)?;
    Ok(conn)
}

fn corrupt(message: String) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_CORRUPT), Some(message))
}

fn is_unreadable(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
        || matches!(e, rusqlite::Error::SqliteFailure(_, Some(m)) if m.starts_with(migrations::TOO_NEW))
}

/// Renames the file and its WAL companions to `*.corrupt-<unix time>`, kept for diagnosis.
fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    let aside = path.with_extension(format!("db.corrupt-{stamp}"));
    std::fs::rename(path, &aside).map_err(|e| Error::Storage(format!("cannot move {} aside: {e}", path.display())))?;
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            let _ = std::fs::rename(&companion, format!("{}{suffix}", aside.display()));
        }
    }
    Ok(aside)
}
