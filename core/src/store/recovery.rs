//! Opening the database, and moving an unreadable one aside instead of crashing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrations;
use crate::{Error, Result};

pub(super) fn open_or_rebuild(path: &Path) -> Result<(Connection, bool)> {
    let damaged = damage_marker(path);
    if damaged.exists() {
        let _ = std::fs::remove_file(&damaged);
        if path.exists() {
            let aside = move_aside(path)?;
            tracing::warn!(
                "database {} failed its integrity check; moved to {}, rebuilding",
                path.display(),
                aside.display()
            );
            return Ok((open_migrated(path)?, true));
        }
    }
    match open_migrated(path) {
        Ok(conn) => Ok((conn, false)),
        Err(Error::Storage { reason }) if is_unreadable(path) => {
            let aside = move_aside(path)?;
            tracing::warn!(
                "database {} unreadable ({reason}); moved to {}, rebuilding",
                path.display(),
                aside.display()
            );
            Ok((open_migrated(path)?, true))
        }
        Err(e) => Err(e),
    }
}

/// The writer: configured, refused if newer than this SDK, then migrated. No integrity
/// check here: it reads the whole file (0.4 s on a 40 MB cache) and runs in the background.
fn open_migrated(path: &Path) -> Result<Connection> {
    let conn = open_configured(path)?;
    migrations::check_not_newer(&conn)?;
    migrations::migrate(&conn)?;
    Ok(conn)
}

fn open_configured(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL: readers never block the writer. NORMAL sync: a commit survives the app being
    // killed (only a power loss may drop the last transactions), at a fraction of FULL's cost.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Checkpoints run when writes pause (see `checkpoint`); inside a commit only past this.
    conn.pragma_update(None, "wal_autocheckpoint", super::checkpoint::BACKSTOP_PAGES)?;
    // Deleted rows are overwritten, not left in free pages: a signed-out user's tickets and
    // chat must not be readable from the file afterwards (see `Store::scrub`).
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Reading the schema proves the file is a database (a garbage file fails here).
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

/// A read-only connection beside the writer, opened once the schema is in place.
pub(super) fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// The background integrity check failed: the next open moves the file aside.
pub(super) fn mark_damaged(path: &Path) {
    if let Err(e) = std::fs::write(damage_marker(path), b"quick_check failed") {
        tracing::warn!("cannot mark {} as damaged: {e}", path.display());
    }
}

fn damage_marker(path: &Path) -> PathBuf {
    path.with_extension("db.damaged")
}

/// Whether SQLite says the file is not a database or is corrupt.
fn is_unreadable(path: &Path) -> bool {
    let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)));
    matches!(
        probe.as_ref().err().and_then(|e| e.sqlite_error_code()),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Renames the file and its WAL companions to `*.corrupt-<unix time>`, kept for diagnosis.
fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    let aside = path.with_extension(format!("db.corrupt-{stamp}"));
    std::fs::rename(path, &aside)
        .map_err(|e| Error::Storage { reason: format!("cannot move {} aside: {e}", path.display()) })?;
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            let _ = std::fs::rename(&companion, format!("{}{suffix}", aside.display()));
        }
    }
    Ok(aside)
}
