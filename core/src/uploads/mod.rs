//! Attachments: files the user adds to a ticket, a comment or a chat message.
//!
//! A file goes through the outbox like the write it belongs to, so it survives an app restart:
//!
//! 1. **Queued.** The call (`Tickets::create`, `Tickets::add_comment_with_attachments`,
//!    `Messaging::send_file`) checks each file before anything is stored: it must exist, be
//!    readable, not be empty, and fit the helpdesk's `max_attachment_size` (remote settings):
//!    a file too large is [`Error::AttachmentTooLarge`], naming it; a missing or unreadable
//!    one is a `Validation` error on `attachments`, naming it too. Then the SDK **copies** it
//!    (a streamed, kernel-side copy, never read whole into memory) into
//!    `data_dir/outbox-files/`: the app may delete or change its own file as soon as the call
//!    returns. The copy's name, the file's name, type and size go into the outbox row.
//! 2. **Uploaded.** Delivering the write first uploads each file not uploaded yet, streamed
//!    from the copy, with [`Event::UploadProgress`] along the way; each token the helpdesk
//!    returns is saved in the outbox row at once, so a restart resumes with the next file and
//!    never uploads one twice (a replayed upload carries the same `Idempotency-Key`).
//! 3. **Sent.** The ticket, comment or message is created with the tokens. If the helpdesk
//!    refuses them (expired, unknown: a 422 naming `uploads`), the files are uploaded again,
//!    once, and the write is sent again. Once it landed, the copies are deleted.
//!
//! Network failures keep the write pending (retried by the outbox); a 413 (the helpdesk's
//! limit is lower than the settings the SDK holds) fails the write with `AttachmentTooLarge`.
//! The type of a file comes from its first bytes (`infer`), else from its extension
//! (`mime_guess`), else `application/octet-stream`. Copies of writes that were dropped (a user
//! switch wipes the outbox) are swept when the SDK next opens.
//!
//! Received files are listed on comments and chat messages ([`Attachment`], with their
//! `content_url`); `Helpline::download_attachment` streams one into a file with the user's
//! access token (the helpdesk serves them to the requester and the agents only).

mod download;
mod import;
mod send;

use std::fs::File;
use std::io::{ErrorKind, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use helpline_protocol as wire;
use serde::{Deserialize, Serialize};

use crate::kernel::Kernel;
use crate::numbers::{signed, unsigned};
use crate::settings::{self, Feature};
use crate::{Error, Result};

pub(crate) use download::download;
pub(crate) use send::deliver_with;

/// Where queued files wait, under the data directory.
const FILES_DIR: &str = "outbox-files";
/// Files one write may carry.
pub(crate) const MAX_FILES: usize = 10;
/// Bytes read from the start of a file to tell its type.
const SNIFF_BYTES: u64 = 8 * 1024;
/// A copy no outbox row names is deleted when the SDK opens, once this old (a younger one may
/// belong to a write being queued right now).
const ORPHAN_AGE: Duration = Duration::from_secs(3600);
const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// A file attached to a comment or a chat message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Attachment {
    /// The helpdesk's id; `None` while the file waits on the device to be sent.
    pub id: Option<i64>,
    pub file_name: String,
    /// Where the helpdesk serves it (to the user's access token); `None` while it waits.
    pub content_url: Option<String>,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
}

impl From<wire::Attachment> for Attachment {
    fn from(a: wire::Attachment) -> Self {
        Attachment {
            id: Some(signed(a.id)).filter(|id| *id != 0),
            file_name: a.file_name,
            content_url: Some(a.content_url).filter(|url| !url.is_empty()),
            content_type: a.content_type,
            size: signed(a.size),
        }
    }
}

/// Reads the `attachments` column of a comment or chat message (the helpdesk's JSON, or that
/// of the files still waiting to be sent: no id, no URL).
pub(crate) fn from_column(json: &str) -> Vec<Attachment> {
    serde_json::from_str::<Vec<wire::Attachment>>(json).unwrap_or_default().into_iter().map(Into::into).collect()
}

/// A file of a queued write, as its outbox row keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct QueuedFile {
    /// The copy's name in `outbox-files/` (relative: the data dir may move, as on iOS).
    pub stored_as: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    /// The helpdesk's upload token, once uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// How many times the file was uploaded again after its token was refused: part of the
    /// upload's idempotency key, so that a new upload is not answered with the old token.
    #[serde(default)]
    pub round: u32,
}

impl QueuedFile {
    /// How the file is shown until the helpdesk has it.
    pub(crate) fn pending(&self) -> wire::Attachment {
        wire::Attachment {
            id: 0,
            file_name: self.file_name.clone(),
            content_url: String::new(),
            content_type: self.content_type.clone(),
            size: self.size,
            thumbnails: vec![],
        }
    }
}

/// The `attachments` column of a comment or chat message whose files wait on the device.
pub(crate) fn pending_column(files: &[QueuedFile]) -> Result<String> {
    Ok(serde_json::to_string(&files.iter().map(QueuedFile::pending).collect::<Vec<_>>())?)
}

/// The largest file the helpdesk takes, from the remote settings.
pub(crate) fn size_limit(kernel: &Kernel) -> u64 {
    unsigned(settings::current(kernel).support.attachments.max_attachment_size)
}

fn files_dir(kernel: &Kernel) -> PathBuf {
    kernel.config.data_dir.join(FILES_DIR)
}

/// Checks the user's files and copies them into the SDK's data dir (see the module's doc).
/// Nothing is copied unless every file passes. No files, no work.
pub(crate) fn stage(kernel: &Kernel, paths: &[PathBuf]) -> Result<Vec<QueuedFile>> {
    stage_with(kernel, paths, None)
}

/// `stage`, with a file of the SDK's own (its log) after the user's: it does not count against
/// their `MAX_FILES`.
pub(crate) fn stage_with(kernel: &Kernel, paths: &[PathBuf], own: Option<&Path>) -> Result<Vec<QueuedFile>> {
    if paths.is_empty() && own.is_none() {
        return Ok(vec![]);
    }
    settings::require(kernel, Feature::Attachments)?;
    if paths.len() > MAX_FILES {
        return Err(Error::validation("attachments", format!("at most {MAX_FILES} files, not {}", paths.len())));
    }
    let paths: Vec<PathBuf> = paths.iter().cloned().chain(own.map(Path::to_path_buf)).collect();
    let limit = size_limit(kernel);
    let checked = paths.iter().map(|path| check(path, limit)).collect::<Result<Vec<_>>>()?;
    let dir = files_dir(kernel);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Storage { reason: format!("cannot create {}: {e}", dir.display()) })?;
    let mut staged = Vec::with_capacity(checked.len());
    for file in checked {
        match copy(file, &dir) {
            Ok(queued) => staged.push(queued),
            Err(e) => {
                discard(kernel, &staged);
                return Err(e);
            }
        }
    }
    Ok(staged)
}

/// Checks one file as `stage` would (exists, is a file, within the settings' limit) without
/// copying it: a form shows whether a file it holds will be taken. Returns its name.
pub(crate) fn check_one(kernel: &Kernel, path: &Path) -> Result<String> {
    settings::require(kernel, Feature::Attachments)?;
    let limit = size_limit(kernel);
    check(path, limit).map(|checked| checked.file_name)
}

/// A user's file that passed the checks, still open.
struct Checked {
    file: File,
    file_name: String,
    content_type: String,
}

fn check(path: &Path, limit: u64) -> Result<Checked> {
    let shown = path.display();
    let invalid = |reason: String| Error::validation("attachments", reason);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| invalid(format!("{shown:?} names no file")))?;
    let mut file = File::open(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => invalid(format!("{file_name}: no such file ({shown})")),
        ErrorKind::PermissionDenied => invalid(format!("{file_name}: not allowed to read it ({shown})")),
        _ => invalid(format!("{file_name}: cannot be read ({shown}): {e}")),
    })?;
    let meta = file.metadata().map_err(|e| invalid(format!("{file_name}: cannot be read ({shown}): {e}")))?;
    if meta.is_dir() {
        return Err(invalid(format!("{file_name}: is a folder, not a file ({shown})")));
    }
    if !meta.is_file() {
        return Err(invalid(format!("{file_name}: is not a regular file ({shown})")));
    }
    let size = meta.len();
    if size == 0 {
        return Err(invalid(format!("{file_name}: is empty ({shown})")));
    }
    if size > limit {
        return Err(Error::AttachmentTooLarge { file: file_name, size: signed(size), limit: signed(limit) });
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES as usize);
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| invalid(format!("{file_name}: cannot be read ({shown}): {e}")))?;
    let content_type = content_type(&file_name, &head);
    Ok(Checked { file, file_name, content_type })
}

/// The file's type: its first bytes say it (images, PDFs, archives, media...), else its
/// extension (text formats have no signature), else `application/octet-stream`.
pub(crate) fn content_type(file_name: &str, head: &[u8]) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_owned();
    }
    mime_guess::from_path(file_name).first_raw().unwrap_or(DEFAULT_CONTENT_TYPE).to_owned()
}

/// Copies the open file into `dir` under a name of its own.
fn copy(mut checked: Checked, dir: &Path) -> Result<QueuedFile> {
    let stored_as = uuid::Uuid::new_v4().simple().to_string();
    let target = dir.join(&stored_as);
    let name = checked.file_name.clone();
    let copied = (|| {
        checked.file.rewind()?;
        let mut out = File::create(&target)?;
        let copied = std::io::copy(&mut checked.file, &mut out)?;
        out.sync_all()?;
        Ok::<u64, std::io::Error>(copied)
    })();
    match copied {
        // Had the file changed since it was checked, what was copied is what will be sent
        // (its size is checked again before the upload).
        Ok(size) if size > 0 => Ok(QueuedFile {
            stored_as,
            file_name: checked.file_name,
            content_type: checked.content_type,
            size,
            token: None,
            round: 0,
        }),
        Ok(_) => {
            let _ = std::fs::remove_file(&target);
            Err(Error::validation("attachments", format!("{name}: is empty")))
        }
        Err(e) => {
            let _ = std::fs::remove_file(&target);
            Err(Error::Storage { reason: format!("copying {name} into the SDK's data dir: {e}") })
        }
    }
}

/// Deletes the copies (the write landed, or was never stored).
pub(crate) fn discard(kernel: &Kernel, files: &[QueuedFile]) {
    let dir = files_dir(kernel);
    for file in files {
        match std::fs::remove_file(dir.join(&file.stored_as)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => tracing::warn!("could not delete the queued copy of {}: {e}", file.file_name),
        }
    }
}

/// The copy of a queued file.
pub(crate) fn staged_path(kernel: &Kernel, file: &QueuedFile) -> PathBuf {
    files_dir(kernel).join(&file.stored_as)
}

pub(crate) use import::import;

/// Deletes every staged copy: the user's queued writes were just wiped (another user signed in,
/// or they signed out), so none will be sent. The files they picked go too.
pub(crate) fn discard_all(kernel: &Kernel) {
    import::discard_all(kernel);
    let dir = files_dir(kernel);
    if let Err(e) = std::fs::remove_dir_all(&dir)
        && e.kind() != ErrorKind::NotFound
    {
        tracing::warn!("cannot delete {}: {e}", dir.display());
    }
}

/// Deletes the copies no outbox row names any more (their write was wiped with its user), in
/// the background. Called when the SDK opens.
pub(crate) fn sweep_later(kernel: &Arc<Kernel>) {
    let kernel = Arc::clone(kernel);
    kernel.runtime.clone().spawn_blocking(move || {
        import::sweep(&kernel);
        if let Err(e) = sweep(&kernel) {
            tracing::info!("sweeping queued files: {e}");
        }
    });
}

fn sweep(kernel: &Kernel) -> Result<()> {
    let dir = files_dir(kernel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::Storage { reason: format!("reading {}: {e}", dir.display()) }),
    };
    let named: Vec<String> = kernel.store.read(|c| {
        let mut stmt = c.prepare("SELECT payload FROM outbox WHERE payload LIKE '%\"stored_as\"%'")?;
        let payloads = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(payloads.iter().flat_map(|p| files_of(p)).map(|f| f.stored_as).collect())
    })?;
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= ORPHAN_AGE));
        if old && !named.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// The `files` of an outbox payload, whatever its kind.
fn files_of(payload: &str) -> Vec<QueuedFile> {
    #[derive(Deserialize)]
    struct WithFiles {
        #[serde(default)]
        files: Vec<QueuedFile>,
    }
    serde_json::from_str::<WithFiles>(payload).map(|p| p.files).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn types_come_from_the_bytes_then_the_extension() {
        assert_eq!(content_type("shot.png", PNG), "image/png");
        assert_eq!(content_type("shot.txt", PNG), "image/png", "the bytes win");
        assert_eq!(content_type("notes.txt", b"hello"), "text/plain");
        assert_eq!(content_type("data.csv", b"a,b"), "text/csv");
        assert_eq!(content_type("report.pdf", b"%PDF-1.4\n"), "application/pdf");
        assert_eq!(content_type("mystery", b"\x01\x02"), DEFAULT_CONTENT_TYPE);
    }

    fn field_and_reason(r: Result<Checked>) -> (String, String) {
        match r {
            Err(Error::Validation { field, reason }) => (field, reason),
            Err(other) => panic!("expected a validation error, got {other:?}"),
            Ok(_) => panic!("expected a validation error, got a file"),
        }
    }

    #[test]
    fn checks_name_the_file_and_refuse_before_reading_it_whole() {
        let dir = std::env::temp_dir().join(format!("helpline-uploads-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let (field, reason) = field_and_reason(check(&dir.join("gone.png"), 100));
        assert_eq!(field, "attachments");
        assert!(reason.contains("gone.png") && reason.contains("no such file"), "{reason}");
        let (_, reason) = field_and_reason(check(&dir, 100));
        assert!(reason.contains("folder"), "{reason}");
        let empty = dir.join("empty.txt");
        std::fs::write(&empty, b"").unwrap();
        assert!(field_and_reason(check(&empty, 100)).1.contains("empty.txt: is empty"));
        let big = dir.join("big.bin");
        File::create(&big).unwrap().set_len(101).unwrap();
        assert_eq!(
            check(&big, 100).err(),
            Some(Error::AttachmentTooLarge { file: "big.bin".into(), size: 101, limit: 100 })
        );
        let shot = dir.join("shot");
        std::fs::write(&shot, PNG).unwrap();
        let checked = check(&shot, 100).unwrap();
        assert_eq!(checked.content_type, "image/png");
        let queued = copy(checked, &dir).unwrap();
        assert_eq!(queued.size, PNG.len() as u64);
        assert_eq!(std::fs::read(dir.join(&queued.stored_as)).unwrap(), PNG);
        assert_eq!((queued.file_name.as_str(), queued.token.as_deref()), ("shot", None));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn payload_files_are_found_whatever_the_write() {
        let file = QueuedFile {
            stored_as: "abc".into(),
            file_name: "a.png".into(),
            content_type: "image/png".into(),
            size: 3,
            token: Some("t".into()),
            round: 1,
        };
        let payload = serde_json::json!({"body": "hi", "files": [file]}).to_string();
        assert_eq!(files_of(&payload), vec![file.clone()]);
        assert!(files_of("{\"body\": \"no files\"}").is_empty());
        assert!(files_of("not json").is_empty());
        let shown: Vec<Attachment> = from_column(&pending_column(&[file]).unwrap());
        assert_eq!((shown[0].id, shown[0].content_url.as_deref(), shown[0].size), (None, None, 3));
    }
}
