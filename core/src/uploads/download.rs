//! Downloading an attachment: its `content_url` needs the user's access token, so the SDK
//! fetches it, streamed into a file (never held whole in memory).

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use super::Attachment;
use crate::kernel::Kernel;
use crate::transport::Transport;
use crate::{Error, Result};

/// Streams `attachment` into the file `to` (replaced if it exists; written under a temporary
/// name beside it first, so `to` is whole or absent). Returns the bytes written.
pub(crate) async fn download(kernel: &Kernel, attachment: &Attachment, to: &Path) -> Result<u64> {
    let Some(url) = attachment.content_url.as_deref() else {
        return Err(Error::validation("attachment", format!("{} is not on the helpdesk yet", attachment.file_name)));
    };
    let transport = &kernel.session.transport;
    // The user's token goes to our helpdesk only.
    let url = transport
        .same_origin(url)
        .map_err(|_| Error::validation("attachment", format!("{url} is not on this helpdesk")))?;
    let token = kernel.session.access_token().await?;
    let response = match transport.download(url.clone(), &token, crate::numbers::unsigned(attachment.size)).await {
        Err(Error::Unauthorized { .. }) => {
            let fresh = kernel.session.refresh_token(&token).await?;
            transport.download(url, &fresh, crate::numbers::unsigned(attachment.size)).await
        }
        other => other,
    }
    .map_err(|e| match e {
        Error::NotFound { .. } => Error::not_found(format!("attachment {}", attachment.file_name)),
        other => other,
    })?;
    let part = partial_path(to);
    let written = write(response, &part).await;
    match written {
        Ok(size) => {
            tokio::fs::rename(&part, to)
                .await
                .map_err(|e| Error::Storage { reason: format!("cannot write {}: {e}", to.display()) })?;
            Ok(size)
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&part).await;
            Err(e)
        }
    }
}

fn partial_path(to: &Path) -> PathBuf {
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    to.with_file_name(format!(".{name}.helpline-part"))
}

async fn write(response: reqwest::Response, part: &Path) -> Result<u64> {
    let storage = |e: std::io::Error| Error::Storage { reason: format!("cannot write {}: {e}", part.display()) };
    let file = tokio::fs::File::create(part).await.map_err(storage)?;
    // The network's chunks are small: written to the file 64 KiB at a time.
    let mut file = tokio::io::BufWriter::with_capacity(64 * 1024, file);
    let mut body = response.bytes_stream();
    let mut size = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(Transport::broken)?;
        file.write_all(&chunk).await.map_err(storage)?;
        size += chunk.len() as u64;
    }
    file.flush().await.map_err(storage)?;
    Ok(size)
}
