//! Small files that must survive a crash, a power loss and a bad write: the identity.
//!
//! Written atomically (a temporary file, fsync'd, renamed over, then the directory fsync'd),
//! readable by the app alone (0600 on Unix), and kept twice: a copy beside it answers when the
//! file itself is unreadable, so a damaged file never silently makes the user someone new.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Error, Result};

/// Writes `value` to `path`, then to its backup.
pub(crate) fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let bytes = serde_json::to_vec(value)?;
    for target in [path.to_path_buf(), backup(path)] {
        write_atomic(&target, &bytes)
            .map_err(|e| Error::Storage { reason: format!("cannot write {}: {e}", target.display()) })?;
    }
    Ok(())
}

/// The value in `path`, or in its backup when the file is missing or unreadable; `None`
/// when neither holds one.
pub(crate) fn read<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let decode = |p: &Path| -> Option<T> {
        let bytes = std::fs::read(p).ok()?;
        serde_json::from_slice(&bytes).inspect_err(|e| tracing::warn!("{} unreadable: {e}", p.display())).ok()
    };
    decode(path).or_else(|| {
        let restored = decode(&backup(path));
        if restored.is_some() && path.exists() {
            tracing::warn!("{} unreadable; its backup answered", path.display());
        }
        restored
    })
}

fn backup(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    // The rename itself is durable once the directory is (Unix; elsewhere a no-op attempt).
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_is_answered_by_its_backup_and_both_are_private() {
        let dir = std::env::temp_dir().join(format!("helpline-durable-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("identity.json");
        write(&path, &vec!["install-1".to_owned()]).unwrap();
        std::fs::write(&path, b"{half a fi").unwrap();
        assert_eq!(read::<Vec<String>>(&path), Some(vec!["install-1".to_owned()]));
        std::fs::remove_file(backup(&path)).unwrap();
        assert_eq!(read::<Vec<String>>(&path), None);
        write(&path, &vec!["install-2".to_owned()]).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for p in [path.clone(), backup(&path)] {
                assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600, "{}", p.display());
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
