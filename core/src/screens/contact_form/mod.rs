//! The contact form screen: the remote form's fields, what the user typed (kept as a draft
//! across a kill of the app), the files picked, each field's error as `Tickets::create` names
//! it, help articles suggested as the user types, and where the submission stands.

mod draft;
mod follow;
mod model;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::AbortHandle;

use self::draft::Draft;
use super::{ScreenListener, ScreenState, ScreenSubscription, Tasks, lock};
use crate::kernel::Kernel;
use crate::settings;
use crate::{CustomFieldValue, FieldValue, HelpCenter, Result, Ticket, TicketDraft, Tickets, uploads};

pub use model::{AttachmentState, ContactFormField, ContactFormState, FieldError, StagedAttachment, SubmitState};

/// Suggestions wait for the user to pause typing this long: one search per pause, not per key.
pub(crate) const SUGGEST_AFTER: Duration = Duration::from_millis(300);
/// At most this many articles suggested.
const MAX_SUGGESTIONS: i32 = 5;

/// The contact form screen (`Helpline::contact_form`). Cheap to clone; the screen lives while
/// a clone or a subscription's source does.
#[derive(Clone)]
pub struct ContactForm {
    inner: Arc<Inner>,
}

struct Inner {
    kernel: Arc<Kernel>,
    tickets: Tickets,
    help_center: HelpCenter,
    state: ScreenState<ContactFormState>,
    /// The user tried to submit: errors are shown from then on.
    tried: AtomicBool,
    /// A submission is under way.
    submitting: AtomicBool,
    /// One draft write at a time, each of the state as it is then: the last one wins.
    saving: tokio::sync::Mutex<()>,
    /// The pending suggestions search (debounced).
    suggesting: Mutex<Option<AbortHandle>>,
    /// Follows settings, the submitted ticket and its uploads.
    watching: Tasks,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(task) = lock(&self.suggesting).take() {
            task.abort();
        }
    }
}

impl ContactForm {
    /// The form as the user left it (the draft on the device), on the remote form's fields.
    pub(crate) fn open(kernel: Arc<Kernel>, tickets: Tickets, help_center: HelpCenter) -> Result<Self> {
        let saved = kernel.store.read(draft::load)?;
        let mut state = ContactFormState {
            subject: saved.subject.clone(),
            description: saved.description.clone(),
            attachments: saved.attachments.iter().map(|path| staged(&kernel, path)).collect(),
            ..Default::default()
        };
        state.fields = fields_of(&kernel, &saved.fields);
        let inner = Arc::new(Inner {
            kernel,
            tickets,
            help_center,
            state: ScreenState::new(state),
            tried: AtomicBool::new(false),
            submitting: AtomicBool::new(false),
            saving: tokio::sync::Mutex::new(()),
            suggesting: Mutex::new(None),
            watching: Tasks::default(),
        });
        inner.watching.spawn(&inner.kernel.runtime, follow::run(Arc::downgrade(&inner)));
        let form = Self { inner };
        if !saved.subject.is_empty() || !saved.description.is_empty() {
            form.suggest_later();
        }
        Ok(form)
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<ContactFormState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    /// The state as it is now.
    pub fn state(&self) -> ContactFormState {
        self.inner.state.get()
    }

    pub async fn set_subject(&self, subject: String) -> Result<()> {
        self.edit(|s| s.subject = subject).await?;
        self.suggest_later();
        Ok(())
    }

    pub async fn set_description(&self, description: String) -> Result<()> {
        self.edit(|s| s.description = description).await?;
        self.suggest_later();
        Ok(())
    }

    /// Gives a custom field of the form its value (`None` empties it).
    pub async fn set_field(&self, id: i64, value: Option<FieldValue>) -> Result<()> {
        self.edit(|s| {
            if let Some(field) = s.fields.iter_mut().find(|f| f.field.id == id) {
                field.value = value;
            }
        })
        .await
    }

    /// Adds a file (a path on the device); the state says whether it will be taken.
    pub async fn add_attachment(&self, path: String) -> Result<()> {
        let checked = stage(&self.inner.kernel, path).await?;
        self.edit(|s| add_once(&mut s.attachments, checked)).await
    }

    pub async fn remove_attachment(&self, path: String) -> Result<()> {
        self.edit(|s| s.attachments.retain(|a| a.path != path)).await
    }

    /// Submits the form: every field's problem shown on it and nothing stored, or the ticket
    /// created (durable, pending until the helpdesk has it) and the draft forgotten. A double
    /// tap makes one ticket: a submit while one is under way is refused (`Validation` on
    /// `submit`), and one after it, with nothing typed since, returns the same ticket; neither
    /// changes the state.
    pub async fn submit(&self) -> Result<Ticket> {
        if self.inner.submitting.swap(true, Ordering::SeqCst) {
            return Err(crate::Error::validation("submit", "a submission is already under way"));
        }
        let _done = Submitting(&self.inner.submitting);
        self.submit_once().await
    }

    async fn submit_once(&self) -> Result<Ticket> {
        let before = self.state();
        // Any edit leaves `Submitted`: still there, the tap is the same submission's.
        if let SubmitState::Submitted { ticket } = before.submit {
            return Ok(ticket);
        }
        self.inner.tried.store(true, Ordering::SeqCst);
        let ticket_draft = ticket_draft(&before);
        let inner = Arc::clone(&self.inner);
        let problems = {
            let draft = ticket_draft.clone();
            self.inner.kernel.blocking(move || Ok(problems(&inner, &draft))).await?
        };
        if let Some(first) = problems.first() {
            let error = crate::Error::Validation { field: first.field.clone(), reason: first.reason.clone() };
            self.inner.state.update(|s| {
                s.errors = problems;
                s.submit = SubmitState::Editing;
            });
            self.inner.kernel.user_met_error();
            return Err(error);
        }
        self.inner.state.update(|s| {
            s.errors.clear();
            s.submit = SubmitState::Submitting;
        });
        match self.inner.tickets.create(ticket_draft.clone()).await {
            Ok(ticket) => {
                self.inner.tried.store(false, Ordering::SeqCst);
                let fields = fields_of(&self.inner.kernel, &[]);
                self.inner.state.update(|s| {
                    *s = ContactFormState {
                        fields,
                        // The files stay listed, to show their uploads.
                        attachments: std::mem::take(&mut s.attachments),
                        submit: SubmitState::Submitted { ticket: ticket.clone() },
                        ..Default::default()
                    };
                });
                self.save().await?;
                Ok(ticket)
            }
            Err(error) => {
                self.inner.state.update(|s| match FieldError::from_error(&error, &ticket_draft) {
                    Some(problem) => {
                        s.errors = vec![problem];
                        s.submit = SubmitState::Editing;
                    }
                    None => s.submit = SubmitState::Failed { error: error.clone() },
                });
                Err(error)
            }
        }
    }

    /// Empties the form and forgets its draft.
    pub async fn clear(&self) -> Result<()> {
        self.inner.tried.store(false, Ordering::SeqCst);
        let fields = fields_of(&self.inner.kernel, &[]);
        self.inner.state.update(|s| *s = ContactFormState { fields, ..Default::default() });
        self.save().await
    }

    /// Applies a user's edit: a finished submission gives way to a new form, errors follow
    /// once the user tried to submit, and the draft is kept.
    async fn edit(&self, change: impl FnOnce(&mut ContactFormState)) -> Result<()> {
        self.inner.state.update(|s| {
            change(s);
            if matches!(s.submit, SubmitState::Submitted { .. } | SubmitState::Failed { .. }) {
                s.submit = SubmitState::Editing;
                s.attachments.retain(|a| matches!(a.state, AttachmentState::Ready | AttachmentState::Refused { .. }));
            }
        });
        self.save().await
    }

    /// Writes the draft as it is now (and the errors, once the user tried), off the caller's thread.
    async fn save(&self) -> Result<()> {
        let _one_at_a_time = self.inner.saving.lock().await;
        let inner = Arc::clone(&self.inner);
        self.inner
            .kernel
            .blocking(move || {
                let state = inner.state.get();
                if inner.tried.load(Ordering::SeqCst) {
                    let errors = problems(&inner, &ticket_draft(&state));
                    inner.state.update(|s| s.errors = errors);
                }
                let draft = Draft {
                    subject: state.subject.clone(),
                    description: state.description.clone(),
                    fields: values_of(&state),
                    attachments: match state.submit {
                        SubmitState::Submitted { .. } => vec![],
                        _ => state.attachments.iter().map(|a| a.path.clone()).collect(),
                    },
                };
                inner.kernel.store.write(|tx| draft::save(tx, &draft))
            })
            .await
    }

    /// Searches the help center once the user paused typing; a newer pause replaces it.
    fn suggest_later(&self) {
        let weak = Arc::downgrade(&self.inner);
        let task = self.inner.kernel.runtime.spawn(async move {
            tokio::time::sleep(SUGGEST_AFTER).await;
            let Some(inner) = weak.upgrade() else { return };
            let state = inner.state.get();
            let help_center = inner.help_center.clone();
            let found = inner
                .kernel
                .blocking(move || help_center.suggestions(&state.subject, &state.description, MAX_SUGGESTIONS))
                .await;
            match found {
                Ok(hits) => inner.state.update(|s| s.suggestions = hits),
                Err(e) => tracing::debug!("contact form: no suggestions: {e}"),
            }
        });
        let previous = lock(&self.inner.suggesting).replace(task.abort_handle());
        if let Some(previous) = previous {
            previous.abort();
        }
    }
}

/// Ends a submission however it ends (an error, or the caller's future dropped).
struct Submitting<'a>(&'a AtomicBool);

impl Drop for Submitting<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Every problem `create` would find, and the refused files.
fn problems(inner: &Inner, draft: &TicketDraft) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> =
        inner.tickets.problems(draft).iter().filter_map(|e| FieldError::from_error(e, draft)).collect();
    let refused = inner.state.get().attachments.into_iter().find_map(|a| match a.state {
        AttachmentState::Refused { reason } => Some(reason),
        _ => None,
    });
    if let Some(reason) = refused.filter(|_| !errors.iter().any(|e| e.field == "attachments")) {
        errors.push(FieldError { field: "attachments".into(), reason, missing: false });
    }
    errors
}

/// What `Tickets::create` takes from the form.
fn ticket_draft(state: &ContactFormState) -> TicketDraft {
    TicketDraft {
        subject: state.subject.clone(),
        description: state.description.clone(),
        custom_fields: values_of(state),
        attachments: state.attachments.iter().map(|a| PathBuf::from(&a.path)).collect(),
        ..Default::default()
    }
}

fn values_of(state: &ContactFormState) -> Vec<CustomFieldValue> {
    state.fields.iter().filter_map(|f| Some(CustomFieldValue { id: f.field.id, value: f.value.clone()? })).collect()
}

/// The remote form's fields, with the values the user gave those still on it.
pub(super) fn fields_of(kernel: &Kernel, values: &[CustomFieldValue]) -> Vec<ContactFormField> {
    settings::current(kernel)
        .support
        .ticket_fields
        .iter()
        .cloned()
        .map(|field| {
            let value = values.iter().find(|v| v.id == field.id).map(|v| v.value.clone());
            ContactFormField { field, value }
        })
        .collect()
}

/// A picked file, checked (off the caller's thread) as the ticket's creation will check it.
pub(in crate::screens) async fn stage(kernel: &Arc<Kernel>, path: String) -> Result<StagedAttachment> {
    let checking = Arc::clone(kernel);
    kernel.blocking(move || Ok(staged(&checking, &path))).await
}

/// Adds a picked file to a list, once.
pub(in crate::screens) fn add_once(files: &mut Vec<StagedAttachment>, file: StagedAttachment) {
    if !files.iter().any(|f| f.path == file.path) {
        files.push(file);
    }
}

/// A picked file, checked as the ticket's creation will check it.
pub(in crate::screens) fn staged(kernel: &Kernel, path: &str) -> StagedAttachment {
    let fallback = || PathBuf::from(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (file_name, state) = match uploads::check_one(kernel, path.as_ref()) {
        Ok(name) => (name, AttachmentState::Ready),
        Err(e) => (fallback(), AttachmentState::Refused { reason: e.to_string() }),
    };
    StagedAttachment { path: path.to_owned(), file_name, state }
}
