//! The upload step of a queued write: each file streamed from its copy, its token saved in the
//! outbox row as it comes, progress reported, and the write sent with the tokens.

use futures_util::StreamExt;
use helpline_protocol::{self as wire, paths};
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio_util::io::ReaderStream;

use super::{QueuedFile, staged_path};
use crate::events::EventBus;
use crate::kernel::Kernel;
use crate::numbers::signed;
use crate::outbox::{self, Entry};
use crate::{Error, Event, Result, settings};

/// Progress is reported at least this many bytes apart (or 1% of the file, if larger).
const PROGRESS_STEP: u64 = 64 * 1024;
/// Bytes read from the copy at a time.
const CHUNK: usize = 64 * 1024;

/// Uploads what `files` still lacks, then runs `send` with every token. If the helpdesk refuses
/// the tokens (a 422 naming `uploads`: expired, unknown), uploads every file again, once, and
/// sends again. Once `send` succeeded, the copies are deleted. `files` and the outbox row keep
/// the tokens obtained, whatever happens.
pub(crate) async fn deliver_with<T, F, Fut>(
    kernel: &Kernel,
    entry: &Entry,
    files: &mut [QueuedFile],
    send: F,
) -> Result<T>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let tokens = ensure_uploaded(kernel, entry, files).await?;
    let sent = match send(tokens).await {
        Err(Error::Validation { field, reason }) if field == "uploads" && !files.is_empty() => {
            tracing::info!("outbox #{}: the helpdesk refused the uploads ({reason}); uploading again", entry.item.id);
            for file in files.iter_mut() {
                file.token = None;
                file.round += 1;
            }
            kernel.store.write(|tx| outbox::set_files(tx, entry.item.id, &*files))?;
            let tokens = ensure_uploaded(kernel, entry, files).await?;
            send(tokens).await
        }
        other => other,
    }?;
    super::discard(kernel, files);
    Ok(sent)
}

/// Uploads each file without a token, in order, saving each token at once; returns them all.
async fn ensure_uploaded(kernel: &Kernel, entry: &Entry, files: &mut [QueuedFile]) -> Result<Vec<String>> {
    for index in 0..files.len() {
        if files[index].token.is_some() {
            continue;
        }
        let token = upload(kernel, entry, index, &files[index]).await?;
        files[index].token = Some(token);
        kernel.store.write(|tx| outbox::set_files(tx, entry.item.id, &*files))?;
    }
    Ok(files.iter().filter_map(|f| f.token.clone()).collect())
}

/// Uploads one file (signing in again once on a 401); returns its token.
async fn upload(kernel: &Kernel, entry: &Entry, index: usize, file: &QueuedFile) -> Result<String> {
    let limit = super::size_limit(kernel);
    let path = staged_path(kernel, file);
    let size = tokio::fs::metadata(&path)
        .await
        .map(|m| m.len())
        .map_err(|e| Error::validation("attachments", format!("{}: its queued copy is gone ({e})", file.file_name)))?;
    if size > limit {
        return Err(Error::AttachmentTooLarge {
            file: file.file_name.clone(),
            size: signed(size),
            limit: signed(limit),
        });
    }
    let key = format!("{}-upload-{index}-{}", entry.idempotency_key, file.round);
    let token = kernel.session.access_token().await?;
    let answer = match send_file(kernel, entry, file, size, &key, &token).await {
        Err(Error::Unauthorized { .. }) => {
            let fresh = kernel.session.refresh_token(&token).await?;
            send_file(kernel, entry, file, size, &key, &fresh).await
        }
        other => other,
    };
    let body = match answer {
        Ok(body) => body,
        Err(Error::Server { status: 413, .. }) => {
            // The helpdesk's limit is lower than the settings held: they are stale.
            if let Err(e) = settings::refresh(kernel).await {
                tracing::info!("settings after a 413: {e}");
            }
            // Without a lower limit in them, the helpdesk's is only known to be below the size.
            let limit = super::size_limit(kernel);
            let limit = limit.min(size.saturating_sub(1));
            return Err(Error::AttachmentTooLarge {
                file: file.file_name.clone(),
                size: signed(size),
                limit: signed(limit),
            });
        }
        Err(e) => return Err(e),
    };
    let answer: wire::UploadEnvelope = serde_json::from_slice(&body)
        .map_err(|e| Error::InvalidResponse { reason: format!("upload of {}: {e}", file.file_name) })?;
    Ok(answer.upload.token)
}

/// One exchange: the copy, streamed, with progress events.
async fn send_file(
    kernel: &Kernel,
    entry: &Entry,
    file: &QueuedFile,
    size: u64,
    key: &str,
    token: &str,
) -> Result<Vec<u8>> {
    let transport = &kernel.session.transport;
    let mut url = transport.url(paths::UPLOADS);
    url.query_pairs_mut().append_pair("filename", &file.file_name);
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&file.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let copy = tokio::fs::File::open(staged_path(kernel, file))
        .await
        .map_err(|e| Error::validation("attachments", format!("{}: its queued copy is gone ({e})", file.file_name)))?;
    let mut progress = Progress::new(kernel.events.clone(), &entry.item.target_id, &file.file_name, size);
    progress.report(0);
    let stream = ReaderStream::with_capacity(copy, CHUNK).map(move |chunk| {
        if let Ok(bytes) = &chunk {
            progress.advance(bytes.len() as u64);
        }
        chunk
    });
    transport.upload(url, token, key, headers, size, reqwest::Body::wrap_stream(stream)).await
}

/// Throttled [`Event::UploadProgress`] of one file.
struct Progress {
    events: EventBus,
    target_id: String,
    file_name: String,
    total: u64,
    sent: u64,
    step: u64,
    next: u64,
}

impl Progress {
    fn new(events: EventBus, target_id: &str, file_name: &str, total: u64) -> Self {
        let step = PROGRESS_STEP.max(total / 100);
        Progress {
            events,
            target_id: target_id.to_owned(),
            file_name: file_name.to_owned(),
            total,
            sent: 0,
            step,
            next: step,
        }
    }

    fn advance(&mut self, bytes: u64) {
        self.sent = self.sent.saturating_add(bytes);
        if self.sent >= self.next || self.sent >= self.total {
            self.next = self.sent.saturating_add(self.step);
            self.report(self.sent.min(self.total));
        }
    }

    fn report(&self, sent_bytes: u64) {
        self.events.emit(Event::UploadProgress {
            target_id: self.target_id.clone(),
            file_name: self.file_name.clone(),
            sent_bytes: signed(sent_bytes),
            total_bytes: signed(self.total),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(total: u64) -> (Progress, crate::EventStream) {
        let events = EventBus::new();
        let rx = events.subscribe();
        (Progress::new(events, "t", "f", total), rx)
    }

    fn sent(rx: &mut crate::EventStream) -> Vec<i64> {
        std::iter::from_fn(|| rx.try_recv().ok())
            .map(|e| match e {
                Event::UploadProgress { sent_bytes, .. } => sent_bytes,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn progress_is_throttled_and_ends_at_the_total() {
        // 10 MB in 64 KiB chunks: every 1% (100 KB), not every chunk; the last one is exact.
        let total = 10_000_000;
        let (mut p, mut rx) = progress(total);
        let mut left = total;
        while left > 0 {
            let chunk = left.min(CHUNK as u64);
            p.advance(chunk);
            left -= chunk;
        }
        let reports = sent(&mut rx);
        assert!(reports.len() <= 101 && reports.len() >= 60, "{} reports", reports.len());
        let total = total as i64;
        assert!(reports.windows(2).all(|w| w[1] > w[0] && w[1] - w[0] >= 100_000 || w[1] == total));
        assert_eq!(reports.last(), Some(&total));

        // A small file: every 64 KiB, and its end.
        let (mut p, mut rx) = progress(150_000);
        for _ in 0..3 {
            p.advance(50_000);
        }
        assert_eq!(sent(&mut rx), vec![100_000, 150_000]);
    }
}
