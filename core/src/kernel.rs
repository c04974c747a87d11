//! The kernel: what every capability needs and nothing that belongs to one of them.
//!
//! Capabilities (tickets, help center, messaging, rating, push) take an `Arc<Kernel>` and keep
//! their own state beside it. They never see the facade (`Helpline`), and the kernel never
//! sees them: the outbox reaches them through the write handlers they register, the identity
//! wipe through the tables they declare, the rating prompt through `user_met_error`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use tokio::runtime::Handle;

use crate::clock::Clock;
use crate::events::EventBus;
use crate::identity::Session;
use crate::outbox::{Handlers, Worker};
use crate::settings;
use crate::store::{Owned, Scope, Store};
use crate::{Config, Error, Result};

/// Called when the user meets an error (a refused form, a write that failed for good).
pub(crate) type ErrorHook = fn(&Kernel);

pub(crate) struct Kernel {
    pub(crate) config: Config,
    pub(crate) store: Arc<Store>,
    pub(crate) session: Session,
    pub(crate) events: EventBus,
    pub(crate) outbox: Worker,
    /// Who delivers each kind of queued write; filled by the capabilities at open.
    pub(crate) handlers: Handlers,
    /// Where background work (outbox, realtime link, settings) runs.
    pub(crate) runtime: Handle,
    /// The time of day-long rules (the rating prompt); a test may move it by hand.
    pub(crate) clock: Arc<dyn Clock>,
    /// The remote settings in memory (every capability asks them whether it is enabled).
    pub(crate) settings: settings::State,
    error_hooks: RwLock<Vec<ErrorHook>>,
    /// The user's writes hold it shared; a change of user holds it alone, so no write of the
    /// previous user can land after the wipe that removes their data.
    identity_gate: Arc<RwLock<()>>,
    /// Set when the SDK is dropped: objects still held by the app fail with `Shutdown`.
    closed: AtomicBool,
}

impl Kernel {
    pub(crate) fn new(
        config: Config,
        store: Arc<Store>,
        session: Session,
        runtime: Handle,
        clock: Arc<dyn Clock>,
    ) -> Self {
        store.tables.declare(Owned {
            owner: "kernel",
            scope: Scope::User { before_sign_in: true },
            tables: &["outbox"],
        });
        store.tables.declare(Owned { owner: "kernel", scope: Scope::Install, tables: &["kv", "settings_cache"] });
        Self {
            config,
            store,
            session,
            events: EventBus::new(),
            outbox: Worker::default(),
            handlers: Handlers::default(),
            runtime,
            clock,
            settings: Default::default(),
            error_hooks: RwLock::default(),
            identity_gate: Arc::default(),
            closed: AtomicBool::new(false),
        }
    }

    /// Runs `f` (SQLite, files) on the runtime's blocking pool: never on the app's thread
    /// that called, nor on an async worker that the network and the realtime link need. The
    /// user's writes go through here: they wait while the user changes.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.behind_gate(false, f).await
    }

    /// `blocking`, alone: for changing the user (no write of theirs runs meanwhile).
    pub(crate) async fn blocking_alone<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.behind_gate(true, f).await
    }

    async fn behind_gate<T: Send + 'static>(
        &self,
        alone: bool,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let gate = Arc::clone(&self.identity_gate);
        self.spawn_blocking(move || {
            if alone {
                let _alone = gate.write().unwrap_or_else(|p| p.into_inner());
                f()
            } else {
                let _same_user = gate.read().unwrap_or_else(|p| p.into_inner());
                f()
            }
        })
        .await
    }

    async fn spawn_blocking<T: Send + 'static>(&self, f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
        if self.is_closed() {
            return Err(Error::Shutdown);
        }
        // One boxed job type for every call: tokio's task code is compiled once, not once per
        // closure (it was most of the library's size); the answer comes back on a channel.
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Box<dyn FnOnce() + Send> = Box::new(move || {
            let _ = answer.send(f());
        });
        match self.runtime.spawn_blocking(job).await {
            Ok(()) => answered.await.unwrap_or(Err(Error::Shutdown)),
            Err(e) if e.is_cancelled() => Err(Error::Shutdown),
            Err(e) => Err(Error::Internal { reason: format!("storage task: {e}") }),
        }
    }

    /// The SDK is being dropped: later calls through objects the app still holds fail with
    /// `Shutdown`, and the capabilities' handlers go (they hold the kernel).
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.handlers.clear();
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// The user's locale in force: the configured one, or the last `set_locale` (normalized,
    /// `fr-ca`). Kept by the transport, which sends it as `Accept-Language`.
    pub(crate) fn locale(&self) -> String {
        match self.session.transport.locale() {
            locale if locale.is_empty() => self.config.locale.clone(),
            locale => locale,
        }
    }

    /// Asks to hear of the errors the user meets.
    pub(crate) fn on_user_error(&self, hook: ErrorHook) {
        self.error_hooks.write().unwrap_or_else(|p| p.into_inner()).push(hook);
    }

    /// The user met an error: whoever asked (the rating prompt) hears of it.
    pub(crate) fn user_met_error(&self) {
        let hooks = self.error_hooks.read().unwrap_or_else(|p| p.into_inner()).clone();
        for hook in hooks {
            hook(self);
        }
    }
}
