//! Tickets: create, list, view, comment, solve, follow up, and track what is unread.
//!
//! Reads come from the cache at once; `refresh` and `refresh_ticket` bring the helpdesk's
//! view and emit events when it lands. Writes are stored with their outbox row in one
//! transaction and return at once with a local id and a pending state.

mod db;
mod form;
mod model;
mod send;
mod sync;
mod validate;
pub(crate) use validate::MAX_BODY_BYTES;

pub(crate) use db::CommentsSummary;

use std::path::PathBuf;
use std::sync::Arc;

use helpline_protocol as wire;
use serde::{Deserialize, Serialize};

use crate::context;
use crate::kernel::Kernel;
use crate::logs;
use crate::numbers::{signed, unsigned};
use crate::outbox::{self, OutboxItem, OutboxKind};
use crate::satisfaction::{self, Rated, SatisfactionScore};
use crate::settings::{self, Feature};
use crate::store::{Owned, Scope};
use crate::uploads::{self, QueuedFile};
use crate::{DeliveryState, Error, Event, Identity, Result};

pub use model::{Author, CustomFieldValue, FieldValue, Ticket, TicketComment, TicketDetail, TicketDraft, TicketStatus};
pub(crate) use send::TicketWrites;
pub(crate) use sync::refresh_list;

/// Outbox payload of a comment; the target is the comment's local id.
#[derive(Debug, Serialize, Deserialize)]
struct CommentPayload {
    body: String,
    /// Files to upload before the comment is sent (their tokens saved as they come).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    files: Vec<QueuedFile>,
}

/// Outbox payload of a new ticket: the request, and the files of its description.
#[derive(Debug, Serialize, Deserialize)]
struct CreatePayload {
    #[serde(flatten)]
    request: wire::NewRequest,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    files: Vec<QueuedFile>,
}

/// The user's tickets and their comments.
const TABLES: Owned =
    Owned { owner: "tickets", scope: Scope::User { before_sign_in: false }, tables: &["tickets", "comments"] };

/// Makes the tickets part of the SDK: their writes, their tables.
pub(crate) fn register(kernel: &Arc<Kernel>) {
    kernel.handlers.register(TicketWrites::KINDS, Arc::new(TicketWrites(Arc::clone(kernel))));
    kernel.store.tables.declare(TABLES);
}

/// The tickets of the signed-in user. Cheap to clone.
#[derive(Clone)]
pub struct Tickets {
    kernel: Arc<Kernel>,
}

impl Tickets {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Self {
        Self { kernel }
    }

    /// Creates a ticket on the device and queues it for the helpdesk. Returns at once,
    /// the ticket pending; it is durable even if the app is killed right after. The custom
    /// fields are checked against the contact form of the remote settings (an error names
    /// `custom_fields.<id>`); support switched off by the helpdesk -> `FeatureDisabled`.
    /// `draft.attachments` are checked (a missing file -> `Validation` on `attachments`, one
    /// over the settings' limit -> `AttachmentTooLarge`, both naming it), then copied into the
    /// SDK's data dir: they are uploaded when the ticket is sent (see `Event::UploadProgress`).
    pub async fn create(&self, draft: TicketDraft) -> Result<Ticket> {
        let this = self.clone();
        self.kernel.blocking(move || this.noting_errors(|| this.create_checked(draft, true))).await
    }

    /// A "Feedback" outcome of the rating prompt: not the contact form, so its fields are
    /// not asked for.
    pub(crate) fn create_feedback_now(&self, draft: TicketDraft) -> Result<Ticket> {
        self.noting_errors(|| self.create_checked(draft, false))
    }

    /// What `create` would refuse in the draft, every field's problem at once (named as
    /// `create` names them): the contact form screen shows each on its field.
    pub(crate) fn problems(&self, draft: &TicketDraft) -> Vec<Error> {
        let mut errors = validate::draft_errors(draft);
        errors.extend(form::errors(&settings::current(&self.kernel).support.ticket_fields, &draft.custom_fields));
        errors
    }

    fn create_checked(&self, mut draft: TicketDraft, contact_form: bool) -> Result<Ticket> {
        settings::require(&self.kernel, Feature::Support)?;
        validate::draft(&draft)?;
        if contact_form {
            form::check(&settings::current(&self.kernel).support.ticket_fields, &mut draft.custom_fields)?;
        }
        let metadata = context::ticket_metadata(&self.kernel, &draft.metadata)?;
        let requester = self.requester()?;
        let now = crate::clock::now_whole_seconds();
        let ticket = Ticket {
            id: uuid::Uuid::new_v4().to_string(),
            remote_id: None,
            subject: draft.subject.trim().to_owned(),
            description: draft.description.clone(),
            status: TicketStatus::New,
            tags: draft.tags.clone(),
            custom_fields: draft.custom_fields.clone(),
            followup_source_id: None,
            can_be_solved_by_me: false,
            created_at: now,
            updated_at: now,
            delivery: DeliveryState::Pending,
            unread: false,
            satisfaction: Default::default(),
        };
        let request = wire::NewRequest {
            subject: ticket.subject.clone(),
            comment: wire::NewComment { body: draft.description, uploads: vec![] },
            requester,
            tags: draft.tags,
            custom_fields: draft
                .custom_fields
                .iter()
                // Positive: `validate::draft` refuses other ids.
                .map(|f| Ok(wire::CustomField { id: unsigned(f.id), value: serde_json::to_value(&f.value)? }))
                .collect::<Result<_>>()?,
            via_followup_source_id: None,
            metadata,
        };
        // The log as it is now: written to a file of its own, copied in by `stage`, then gone.
        // With attachments off, the ticket goes without it rather than being refused.
        let attach_log = draft.attach_log && settings::require(&self.kernel, Feature::Attachments).is_ok();
        let log = attach_log.then(|| logs::write_file(&self.kernel.config.data_dir, &self.log_header())).transpose()?;
        let own = log.as_ref().map(|log| log.path.as_path());
        let files = self.noting_errors(|| uploads::stage_with(&self.kernel, &draft.attachments, own))?;
        self.enqueue_ticket(ticket, request, files)
    }

    /// Opens a follow-up of a closed ticket, with `body` as its first message.
    pub async fn create_followup(&self, closed_ticket_id: &str, body: &str) -> Result<Ticket> {
        let (this, closed, body) = (self.clone(), closed_ticket_id.to_owned(), body.to_owned());
        self.kernel
            .blocking(move || {
                settings::require(&this.kernel, Feature::Support)?;
                this.noting_errors(|| validate::body("body", &body))?;
                this.followup_with(&closed, &body, &[])
            })
            .await
    }

    /// A follow-up whose first message carries `attachments`.
    fn followup_with(&self, closed_ticket_id: &str, body: &str, attachments: &[PathBuf]) -> Result<Ticket> {
        let source = self.ticket(closed_ticket_id)?;
        let Some(source_remote_id) = source.remote_id.filter(|_| source.status == TicketStatus::Closed) else {
            return Err(Error::validation("ticket", "only a closed ticket can be followed up"));
        };
        let now = crate::clock::now_whole_seconds();
        let ticket = Ticket {
            id: uuid::Uuid::new_v4().to_string(),
            remote_id: None,
            subject: source.subject.clone(),
            description: body.to_owned(),
            status: TicketStatus::New,
            tags: source.tags.clone(),
            custom_fields: vec![],
            followup_source_id: Some(source_remote_id),
            can_be_solved_by_me: false,
            created_at: now,
            updated_at: now,
            delivery: DeliveryState::Pending,
            unread: false,
            satisfaction: Default::default(),
        };
        let request = wire::NewRequest {
            subject: source.subject,
            comment: wire::NewComment { body: body.to_owned(), uploads: vec![] },
            requester: self.requester()?,
            tags: source.tags,
            custom_fields: vec![],
            via_followup_source_id: Some(unsigned(source_remote_id)),
            metadata: context::ticket_metadata(&self.kernel, &Default::default())?,
        };
        let files = self.noting_errors(|| uploads::stage(&self.kernel, attachments))?;
        self.enqueue_ticket(ticket, request, files)
    }

    /// Stores the ticket, its description and its outbox row (with the staged `files`).
    fn enqueue_ticket(&self, ticket: Ticket, request: wire::NewRequest, files: Vec<QueuedFile>) -> Result<Ticket> {
        let description = TicketComment {
            id: description_comment_id(&ticket.id),
            remote_id: None,
            ticket_id: ticket.id.clone(),
            body: ticket.description.clone(),
            author: self.me(),
            is_mine: true,
            created_at: ticket.created_at,
            delivery: DeliveryState::Pending,
            attachments: files.iter().map(|f| f.pending().into()).collect(),
        };
        let stored = self.kernel.store.write(|tx| {
            db::insert_ticket(tx, &ticket)?;
            db::insert_comment(tx, &description, &uploads::pending_column(&files)?)?;
            outbox::enqueue(tx, OutboxKind::CreateTicket, &ticket.id, &CreatePayload { request, files: files.clone() })
        });
        let item = stored.inspect_err(|_| uploads::discard(&self.kernel, &files))?;
        self.queued(item, &ticket.id);
        self.kernel.events.emit(Event::TicketsChanged);
        Ok(ticket)
    }

    /// Every cached ticket, most recently updated first. Never waits on the network.
    pub fn list(&self) -> Result<Vec<Ticket>> {
        Ok(self.kernel.store.read(db::list)?.into_iter().map(|t| self.shown(t)).collect())
    }

    /// `list`, each ticket with what its row shows of its comments (one read for them all).
    pub(crate) fn list_with_comments_summaries(&self) -> Result<Vec<(Ticket, CommentsSummary)>> {
        let (tickets, mut summaries) = self.kernel.store.read(|c| Ok((db::list(c)?, db::comments_summaries(c)?)))?;
        let rows = tickets.into_iter().map(|t| {
            let summary = summaries.remove(&t.id).unwrap_or_default();
            (self.shown(t), summary)
        });
        Ok(rows.collect())
    }

    /// Brings the helpdesk's list (and the conversations that changed), then returns it.
    pub async fn refresh(&self) -> Result<Vec<Ticket>> {
        sync::refresh_list(&self.kernel).await?;
        self.list()
    }

    /// A cached ticket with its comments. Never waits on the network.
    pub fn get(&self, id: &str) -> Result<TicketDetail> {
        let detail = self.kernel.store.read(|c| {
            let ticket = db::ticket(c, id)?.ok_or_else(|| Error::not_found(format!("ticket {id}")))?;
            Ok(TicketDetail { comments: db::comments(c, id)?, ticket })
        })?;
        // Outside the read: `shown` reads the settings, which may need a reader of their own.
        Ok(TicketDetail { ticket: self.shown(detail.ticket), ..detail })
    }

    /// Brings one ticket and its conversation from the helpdesk.
    pub async fn refresh_ticket(&self, id: &str) -> Result<TicketDetail> {
        let ticket = self.ticket(id)?;
        if let Some(remote_id) = ticket.remote_id {
            sync::refresh_one(&self.kernel, unsigned(remote_id)).await?;
        }
        self.get(id)
    }

    /// Brings the ticket the helpdesk knows as `remote_id` and its conversation (a push
    /// named it), caching it if the device did not have it. Not the user's -> `NotFound`.
    pub async fn refresh_by_remote_id(&self, remote_id: i64) -> Result<TicketDetail> {
        let Ok(wire_id) = u64::try_from(remote_id) else {
            return Err(Error::not_found(format!("ticket {remote_id}")));
        };
        let known = self.find_by_remote_id(remote_id)?.is_some();
        let local_id = sync::refresh_one(&self.kernel, wire_id).await?;
        if !known {
            self.kernel.events.emit(Event::TicketsChanged);
        }
        self.get(&local_id)
    }

    /// The cached ticket the helpdesk knows as `remote_id`.
    pub fn find_by_remote_id(&self, remote_id: i64) -> Result<Option<Ticket>> {
        Ok(self.kernel.store.read(|c| db::ticket_by_remote_id(c, remote_id))?.map(|t| self.shown(t)))
    }

    /// Adds the user's comment. On a closed ticket, the comment opens a follow-up instead
    /// (the returned comment names the new ticket).
    pub async fn add_comment(&self, ticket_id: &str, body: &str) -> Result<TicketComment> {
        self.add_comment_with_attachments(ticket_id, body, &[]).await
    }

    /// `add_comment`, with files (paths on the device): checked and copied into the SDK's data
    /// dir as for `create`, uploaded when the comment is sent. The body is still required.
    pub async fn add_comment_with_attachments(
        &self,
        ticket_id: &str,
        body: &str,
        attachments: &[PathBuf],
    ) -> Result<TicketComment> {
        let (this, ticket_id, body, files) =
            (self.clone(), ticket_id.to_owned(), body.to_owned(), attachments.to_vec());
        self.kernel.blocking(move || this.comment_now(&ticket_id, &body, &files)).await
    }

    fn comment_now(&self, ticket_id: &str, body: &str, attachments: &[PathBuf]) -> Result<TicketComment> {
        settings::require(&self.kernel, Feature::Support)?;
        self.noting_errors(|| validate::body("body", body))?;
        let ticket = self.ticket(ticket_id)?;
        if ticket.status == TicketStatus::Closed {
            let followup = self.followup_with(ticket_id, body, attachments)?;
            return self
                .get(&followup.id)?
                .comments
                .into_iter()
                .next()
                .ok_or_else(|| Error::Internal { reason: "follow-up has no first comment".into() });
        }
        let comment = TicketComment {
            id: uuid::Uuid::new_v4().to_string(),
            remote_id: None,
            ticket_id: ticket.id.clone(),
            body: body.to_owned(),
            author: self.me(),
            is_mine: true,
            created_at: crate::clock::now_whole_seconds(),
            delivery: DeliveryState::Pending,
            attachments: vec![],
        };
        let files = self.noting_errors(|| uploads::stage(&self.kernel, attachments))?;
        let comment = TicketComment { attachments: files.iter().map(|f| f.pending().into()).collect(), ..comment };
        let stored = self.kernel.store.write(|tx| {
            db::insert_comment(tx, &comment, &uploads::pending_column(&files)?)?;
            let payload = CommentPayload { body: body.to_owned(), files: files.clone() };
            outbox::enqueue(tx, OutboxKind::AddComment, &comment.id, &payload)
        });
        let item = stored.inspect_err(|_| uploads::discard(&self.kernel, &files))?;
        self.queued(item, &ticket.id);
        Ok(comment)
    }

    /// Marks the ticket solved (queued like any write).
    pub async fn solve(&self, ticket_id: &str) -> Result<OutboxItem> {
        let (this, ticket_id) = (self.clone(), ticket_id.to_owned());
        self.kernel.blocking(move || this.solve_now(&ticket_id)).await
    }

    fn solve_now(&self, ticket_id: &str) -> Result<OutboxItem> {
        settings::require(&self.kernel, Feature::Support)?;
        let ticket = self.ticket(ticket_id)?;
        if ticket.status == TicketStatus::Closed {
            return Err(Error::TicketClosed);
        }
        let item = self.kernel.store.write(|tx| outbox::enqueue(tx, OutboxKind::SolveTicket, &ticket.id, &()))?;
        self.queued(item.clone(), &ticket.id);
        Ok(item)
    }

    /// Rates a solved ticket good or bad, with an optional comment (up to 1,000 characters),
    /// or changes its rating. Stored at once and shown on the ticket (pending), then sent by
    /// the outbox; a rating not sent yet is replaced, so only the latest goes. Returns the
    /// ticket as now shown. Unknown ticket -> `NotFound`; not solved (or not on the helpdesk
    /// yet) -> `Validation` on `status`; ratings switched off -> `FeatureDisabled`.
    pub async fn rate(&self, ticket_id: &str, score: SatisfactionScore, comment: Option<&str>) -> Result<Ticket> {
        let (this, ticket_id, comment) = (self.clone(), ticket_id.to_owned(), comment.map(str::to_owned));
        self.kernel
            .blocking(move || {
                this.noting_errors(|| {
                    satisfaction::rate(&this.kernel, score, comment.as_deref(), || {
                        let ticket = this.ticket(&ticket_id)?;
                        match ticket.remote_id {
                            Some(request_id) if ticket.status == TicketStatus::Solved => {
                                Ok((Rated::Ticket { ticket_id: ticket.id }, unsigned(request_id)))
                            }
                            _ => Err(satisfaction::not_rateable("solved ticket")),
                        }
                    })
                })?;
                Ok(this.get(&ticket_id)?.ticket)
            })
            .await
    }

    /// The ticket as the app sees it: offered a rating when solved and ratings are on.
    fn shown(&self, mut ticket: Ticket) -> Ticket {
        let rateable = ticket.remote_id.is_some() && ticket.status == TicketStatus::Solved;
        ticket.satisfaction.offered = satisfaction::offered(&self.kernel, rateable);
        ticket
    }

    /// The user saw the ticket's latest agent comment.
    pub async fn mark_read(&self, ticket_id: &str) -> Result<()> {
        let (this, ticket_id) = (self.clone(), ticket_id.to_owned());
        self.kernel.blocking(move || this.mark_read_now(&ticket_id)).await
    }

    fn mark_read_now(&self, ticket_id: &str) -> Result<()> {
        if !self.kernel.store.write(|tx| db::mark_read(tx, ticket_id))? {
            return Err(Error::not_found(format!("ticket {ticket_id}")));
        }
        self.kernel.events.emit(Event::TicketChanged { ticket_id: ticket_id.to_owned() });
        Ok(())
    }

    /// How many tickets have an agent comment the user has not seen (for a badge).
    pub fn unread_count(&self) -> Result<i32> {
        self.kernel.store.read(db::unread_count)
    }

    /// Runs `f`; a Validation error it returns is an error the user met (no rating prompt
    /// follows it for a while).
    fn noting_errors<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let result = f();
        if let Err(Error::Validation { .. }) = &result {
            self.kernel.user_met_error();
        }
        result
    }

    fn ticket(&self, id: &str) -> Result<Ticket> {
        self.kernel.store.read(|c| db::ticket(c, id))?.ok_or_else(|| Error::not_found(format!("ticket {id}")))
    }

    /// Who writes: required before anything can be queued, so it is sent under the right name.
    fn requester(&self) -> Result<Option<wire::Requester>> {
        match self.kernel.session.identity() {
            None => Err(Error::NoIdentity),
            Some(Identity::Anonymous { name, email }) if name.is_some() || email.is_some() => {
                Ok(Some(wire::Requester { name, email }))
            }
            Some(_) => Ok(None),
        }
    }

    fn me(&self) -> Author {
        let name = match self.kernel.session.identity() {
            Some(Identity::Anonymous { name: Some(name), .. }) => name,
            _ => String::new(),
        };
        Author { id: self.kernel.session.user_id().ok().flatten().map(signed), name, is_agent: false }
    }

    /// The first lines of a ticket's log file: what produced it.
    fn log_header(&self) -> String {
        let config = &self.kernel.config;
        format!(
            "Helpline SDK {} ({}), app {}, OS {}, locale {}\n",
            crate::SDK_VERSION,
            config.platform,
            config.app_version.as_deref().unwrap_or("?"),
            config.os_version.as_deref().unwrap_or("?"),
            self.kernel.locale()
        )
    }

    fn queued(&self, item: OutboxItem, ticket_id: &str) {
        self.kernel.events.emit(Event::OutboxChanged { item });
        self.kernel.events.emit(Event::TicketChanged { ticket_id: ticket_id.to_owned() });
        self.kernel.outbox.nudge();
    }
}

fn description_comment_id(ticket_id: &str) -> String {
    format!("{ticket_id}-description")
}
