//! The SDK's one tokio runtime under FFI.
//!
//! The core's background work (outbox, realtime link, settings), the delivery of events and
//! every async call of the bindings run on it. A Kotlin coroutine or a Swift task that awaits
//! a call only polls its join handle: no Rust work runs on the app's dispatcher or executor,
//! and there is no second runtime (uniffi's `async_runtime` would bring one of its own).

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;

use helpline_core::{Error, Result};
use tokio::runtime::Runtime;

static RUNTIME: LazyLock<std::result::Result<Runtime, String>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // SQLite and file work: short, and never more than a few at once.
        .max_blocking_threads(8)
        .thread_name("helpline")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
});

pub(crate) fn runtime() -> Result<&'static Runtime> {
    RUNTIME.as_ref().map_err(|e| Error::Internal { reason: format!("cannot start the SDK's runtime: {e}") })
}

/// Runs `work` on the SDK's runtime; the caller's executor awaits only its end.
/// Every call is spawned as the same boxed task type, so tokio's task code is compiled once
/// rather than once per exported function; the answer comes back on a channel.
pub(crate) async fn run<T: Send + 'static>(work: impl Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let task: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(async move {
        let _ = answer.send(work.await);
    });
    runtime()?.spawn(task).await.map_err(|e| Error::Internal { reason: format!("SDK task: {e}") })?;
    answered.await.map_err(|_| Error::Internal { reason: "SDK task ended without an answer".into() })?
}
