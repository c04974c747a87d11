//! Files the app holds as bytes rather than as a path (an Android content URI's stream, an
//! iOS PhotosPicker item): written into the SDK's data dir under their own name, and given
//! back as a path that every call and screen taking files accepts. Those copies are the SDK's:
//! a day later, or when the user changes, they go.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::kernel::Kernel;
use crate::numbers::signed;
use crate::settings::{self, Feature};
use crate::{Error, Result};

const IMPORTED_DIR: &str = "imported-files";
/// Long enough for any form or chat to take the file; short enough not to hoard photos.
const KEEP_FOR: Duration = Duration::from_secs(24 * 3600);
/// A file name longer than this is cut (keeping its extension): file systems refuse 256 bytes.
const MAX_NAME_BYTES: usize = 120;

/// Writes `bytes` as `file_name` into a folder of its own; returns its path. Refused as the
/// files a ticket takes are: empty, too large for the helpdesk, attachments switched off.
pub(crate) fn import(kernel: &Kernel, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
    settings::require(kernel, Feature::Attachments)?;
    let name = safe_name(file_name)?;
    if bytes.is_empty() {
        return Err(Error::validation("attachments", format!("{name}: is empty")));
    }
    let limit = super::size_limit(kernel);
    if bytes.len() as u64 > limit {
        return Err(Error::AttachmentTooLarge { file: name, size: signed(bytes.len() as u64), limit: signed(limit) });
    }
    let dir = imported_dir(kernel).join(uuid::Uuid::new_v4().simple().to_string());
    let path = dir.join(&name);
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        let mut file = std::fs::File::create(&path)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()
    });
    written.map_err(|e| Error::Storage { reason: format!("keeping {name} in the SDK's data dir: {e}") })?;
    Ok(path)
}

/// The name as the user will see it, without what would make it a path.
fn safe_name(file_name: &str) -> Result<String> {
    let last = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = last.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    if name.is_empty() || name == "." || name == ".." {
        return Err(Error::validation("attachments", format!("{file_name:?} names no file")));
    }
    if name.len() > MAX_NAME_BYTES {
        let extension = Path::new(&name).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let keep = MAX_NAME_BYTES.saturating_sub(extension.len() + 1);
        let mut stem: String = String::new();
        for c in name.chars() {
            if stem.len() + c.len_utf8() > keep {
                break;
            }
            stem.push(c);
        }
        name = if extension.is_empty() || extension.len() >= keep { stem } else { format!("{stem}.{extension}") };
    }
    Ok(name)
}

fn imported_dir(kernel: &Kernel) -> PathBuf {
    kernel.config.data_dir.join(IMPORTED_DIR)
}

/// Deletes the imported files older than a day (at open).
pub(crate) fn sweep(kernel: &Kernel) {
    let Ok(entries) = std::fs::read_dir(imported_dir(kernel)) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= KEEP_FOR));
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Deletes every imported file: the user changed.
pub(crate) fn discard_all(kernel: &Kernel) {
    let _ = std::fs::remove_dir_all(imported_dir(kernel));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_its_last_part_and_extension_and_loses_control_characters() {
        assert_eq!(safe_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(safe_name("C:\\Users\\ana\\photo.jpg").unwrap(), "photo.jpg");
        assert_eq!(safe_name("re\u{0}ceipt\n.pdf").unwrap(), "receipt.pdf");
        assert!(safe_name("..").is_err());
        assert!(safe_name(" / ").is_err());
        let long = format!("{}.png", "é".repeat(200));
        let cut = safe_name(&long).unwrap();
        assert!(cut.len() <= MAX_NAME_BYTES && cut.ends_with(".png"), "{cut}");
    }
}
