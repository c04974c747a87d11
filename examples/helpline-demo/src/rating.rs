//! `settings` and `rating ...`: the helpdesk's remote settings for the demo app, and the
//! store-rating prompt's decision, counters and outcomes.

use anyhow::{Context, bail};
use helpline_core::{Helpline, Outcome, PromptDecision, RatingStatus, Settings, SettingsRefresh, TicketFieldKind};

use crate::print::{self, waiting};

/// Fetches the settings when the helpdesk answers; the cached ones otherwise (said so).
async fn fresh_settings(helpline: &Helpline) -> Settings {
    match waiting("Fetching the settings", helpline.refresh_settings()).await {
        Ok(SettingsRefresh::NotModified) => println!("Settings: up to date (the helpdesk answered 304 Not Modified)."),
        Ok(SettingsRefresh::Unchanged) => println!("Settings: fetched, unchanged."),
        Ok(SettingsRefresh::Changed) => println!("Settings: fetched, changed since last time."),
        Ok(SettingsRefresh::Unavailable) => {
            println!("Settings: this helpdesk has none (a stock Zendesk?); the SDK's defaults apply.")
        }
        Err(e) => println!("Could not reach the helpdesk ({e}); the settings cached on this device apply."),
    }
    helpline.settings()
}

/// `settings`: every part of the remote settings, as the SDK applies them.
pub async fn settings(helpline: &Helpline) -> anyhow::Result<()> {
    let s = fresh_settings(helpline).await;
    println!("{}", describe(0, &s));
    Ok(())
}

fn size(bytes: i64) -> String {
    const MIB: i64 = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 { format!("{} MiB", bytes / MIB) } else { format!("{bytes} bytes") }
}

fn on(enabled: bool) -> &'static str {
    if enabled { "on" } else { "OFF" }
}

/// The settings as indented lines.
pub fn describe(indent: usize, s: &Settings) -> String {
    let pad = " ".repeat(indent);
    let updated = s.updated_at.as_ref().map_or_else(|| "- (the SDK's defaults)".to_owned(), print::when);
    let mut lines = vec![format!("updated_at: {updated}")];
    lines.push(format!(
        "support: {}; attachments {}, at most {}; never request email: {}; show closed requests: {}",
        on(s.support.enabled),
        on(s.support.attachments.enabled),
        size(s.support.attachments.max_attachment_size),
        s.support.never_request_email,
        s.support.show_closed_requests
    ));
    if s.support.ticket_fields.is_empty() {
        lines.push("  contact form: no custom field".into());
    }
    for f in &s.support.ticket_fields {
        let kind = match f.kind {
            TicketFieldKind::Text => "text",
            TicketFieldKind::Tagger => "tagger",
            TicketFieldKind::Checkbox => "checkbox",
            TicketFieldKind::Integer => "integer",
            TicketFieldKind::Unknown => "unknown type",
        };
        let options: Vec<&str> = f.options.iter().map(|o| o.value.as_str()).collect();
        let options = if options.is_empty() { String::new() } else { format!(", one of {}", options.join("|")) };
        let required = if f.required { "required" } else { "optional" };
        lines.push(format!("  field {} \"{}\": {kind}, {required}{options}", f.id, f.title));
    }
    lines.push(format!(
        "help center: {}; default locale {}; locales {}",
        on(s.help_center.enabled),
        if s.help_center.default_locale.is_empty() { "-" } else { &s.help_center.default_locale },
        if s.help_center.locales.is_empty() { "-".to_owned() } else { s.help_center.locales.join(", ") }
    ));
    lines.push(format!("messaging: {}; greeting \"{}\"", on(s.messaging.enabled), s.messaging.greeting));
    let r = &s.rating;
    lines.push(format!(
        "rating prompts: {}; after {} launch(es), {} day(s) installed, {} event(s); remind after {} day(s)",
        on(r.enabled),
        r.min_launches,
        r.min_days_installed,
        r.min_events,
        r.remind_after_days
    ));
    lines.iter().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
}

pub fn decision(d: &PromptDecision) -> String {
    if d.should_prompt { format!("ask now ({})", d.reason) } else { format!("not now: {}", d.reason) }
}

fn status(s: &RatingStatus) -> String {
    let outcome = match (&s.last_outcome, &s.last_outcome_version) {
        (Some(outcome), Some(version)) => format!("{outcome} (on {version})"),
        _ => "none".to_owned(),
    };
    format!(
        "launches: {}, significant events: {}, app version: {}, last answer: {outcome}\nshould_prompt(): {}",
        s.launches,
        s.events,
        s.app_version.as_deref().unwrap_or("-"),
        decision(&s.decision)
    )
}

/// `rating status`
pub async fn show(helpline: &Helpline) -> anyhow::Result<()> {
    fresh_settings(helpline).await;
    println!("{}", status(&helpline.rating().status()?));
    Ok(())
}

/// `rating launch [--version V]`
pub async fn launch(helpline: &Helpline, version: &str) -> anyhow::Result<()> {
    fresh_settings(helpline).await;
    helpline.rating().record_launch(version).await?;
    println!("Launch of version {version} recorded.");
    println!("{}", status(&helpline.rating().status()?));
    Ok(())
}

/// `rating event`
pub async fn event(helpline: &Helpline) -> anyhow::Result<()> {
    fresh_settings(helpline).await;
    helpline.rating().record_event().await?;
    println!("Significant event recorded.");
    println!("{}", status(&helpline.rating().status()?));
    Ok(())
}

/// What the user answered to the prompt.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Answer {
    /// They rated the app in the store.
    Rated,
    /// "Not now".
    Later,
    /// "No, thanks": never asked again.
    Declined,
    /// Unhappy: TEXT becomes a ticket tagged app_feedback.
    Feedback,
}

/// `rating outcome rated|later|declined|feedback TEXT`
pub async fn outcome(helpline: &Helpline, answer: Answer, text: Option<String>) -> anyhow::Result<()> {
    let outcome = match (answer, text) {
        (Answer::Rated, None) => Outcome::Rated,
        (Answer::Later, None) => Outcome::RemindLater,
        (Answer::Declined, None) => Outcome::Declined,
        (Answer::Feedback, Some(text)) => Outcome::Feedback { text },
        (Answer::Feedback, None) => bail!("feedback needs its text: rating outcome feedback \"what went wrong\""),
        (_, Some(_)) => bail!("only feedback takes a text"),
    };
    fresh_settings(helpline).await;
    let ticket = helpline.rating().record_outcome(outcome).await.context("recording the answer")?;
    println!("Answer recorded.");
    if let Some(ticket) = ticket {
        println!("Feedback ticket {} (tag app_feedback) stored on this device.", print::short_id(&ticket.id));
        let pending = waiting("Sending", helpline.flush_outbox()).await?;
        let ticket = helpline.tickets().get(&ticket.id)?.ticket;
        match pending {
            0 => println!("Sent: the helpdesk knows it as {}.", print::remote_id(ticket.remote_id)),
            _ => println!("Not sent yet ({}): `sync` sends it later.", print::delivery(&ticket.delivery)),
        }
    }
    println!("{}", status(&helpline.rating().status()?));
    Ok(())
}
