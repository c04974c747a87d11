//! The contact form screen.

use std::sync::Arc;

use helpline_core::{self as core, ContactFormState, FieldValue, Result, ScreenSubscription, Ticket};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateFlow()` and the Swift model do it for you). Called
/// on an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait ContactFormListener: Send + Sync {
    fn on_state(&self, state: ContactFormState);
}

struct Foreign(Arc<dyn ContactFormListener>);

impl core::ScreenListener<ContactFormState> for Foreign {
    fn on_state(&self, state: ContactFormState) {
        self.0.on_state(state);
    }
}

/// The contact form screen (`helpline.contactForm()`): its state to observe and its actions.
/// The draft is kept on the device as the user types.
#[derive(uniffi::Object)]
pub struct ContactForm {
    inner: core::ContactForm,
}

impl ContactForm {
    pub(crate) fn new(inner: core::ContactForm) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl ContactForm {
    /// The whole state now, then each new one (the latest, never a backlog) until the returned
    /// subscription is closed or released.
    pub fn subscribe(&self, listener: Arc<dyn ContactFormListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(Foreign(listener))))
    }

    /// The state as it is now.
    pub fn state(&self) -> ContactFormState {
        self.inner.state()
    }

    pub async fn set_subject(&self, subject: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_subject(subject).await }).await
    }

    pub async fn set_description(&self, description: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_description(description).await }).await
    }

    /// Gives a custom field of the form its value (null empties it).
    pub async fn set_field(&self, id: i64, value: Option<FieldValue>) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_field(id, value).await }).await
    }

    /// Adds a file (a path on the device); the state says whether it will be taken.
    pub async fn add_attachment(&self, path: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.add_attachment(path).await }).await
    }

    pub async fn remove_attachment(&self, path: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.remove_attachment(path).await }).await
    }

    /// Every field's error shown on it (and `Validation` thrown), or the ticket created.
    pub async fn submit(&self) -> Result<Ticket> {
        let inner = self.inner.clone();
        run(async move { inner.submit().await }).await
    }

    /// Empties the form and forgets its draft.
    pub async fn clear(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.clear().await }).await
    }
}
