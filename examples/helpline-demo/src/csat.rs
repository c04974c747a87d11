//! Satisfaction ratings: the `csat` command, and the tour's step where Ana rates her solved
//! ticket. Like every write, the rating is stored on the device first, then sent.

use anyhow::{Context, ensure};
use clap::ValueEnum;
use helpline_core::{DeliveryState, Helpline, SatisfactionScore, Ticket};

use crate::agent::Agent;
use crate::commands::{report_delivery, resolve};
use crate::print::{self, waiting};

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Score {
    Good,
    Bad,
}

impl From<Score> for SatisfactionScore {
    fn from(score: Score) -> Self {
        match score {
            Score::Good => SatisfactionScore::Good,
            Score::Bad => SatisfactionScore::Bad,
        }
    }
}

/// `csat ID good|bad [--comment TEXT]`: stored at once (pending), then sent if the helpdesk
/// answers. A ticket not solved, or ratings switched off, is refused before anything is stored.
pub async fn rate(helpline: &Helpline, id: &str, score: Score, comment: Option<&str>) -> anyhow::Result<()> {
    let ticket = resolve(helpline, id).await?;
    let rated = helpline.tickets().rate(&ticket.id, score.into(), comment).await?;
    println!(
        "Rating of ticket {} stored on this device: {}.",
        print::remote_id(rated.remote_id),
        print::satisfaction(&rated.satisfaction)
    );
    waiting("Sending", helpline.flush_outbox()).await?;
    let state = rating_delivery(&helpline.tickets().get(&ticket.id)?.ticket)?;
    report_delivery(helpline, &state, || "Sent: the helpdesk has the rating (rate again to change it).".to_owned())
}

fn rating_delivery(ticket: &Ticket) -> anyhow::Result<DeliveryState> {
    Ok(ticket.satisfaction.rating.as_ref().context("the rating vanished")?.delivery.clone())
}

/// The tour: the agent solves Ana's ticket; the app offers a rating; Ana rates it good with
/// a word of thanks; the agent's report lists it.
pub async fn tour(helpline: &Helpline, agent: &Agent, ticket_id: &str, indent: usize) -> anyhow::Result<()> {
    let say = |text: &str| println!("{}{text}", " ".repeat(indent));
    let tickets = helpline.tickets();
    let remote_id = tickets.get(ticket_id)?.ticket.remote_id.context("the ticket is on the helpdesk")?;
    waiting("Agent solving", agent.reply(remote_id, "Fixed in 4.2.1: photos attach again.", "solved")).await?;
    say(&format!("The agent answers and sets ticket #{remote_id} to \"solved\"."));
    waiting("Syncing", helpline.sync()).await?;
    let solved = tickets.get(ticket_id)?.ticket;
    ensure!(solved.satisfaction.offered, "a solved ticket should be offered a rating: {:?}", solved.satisfaction);
    say(&format!("After sync(): status {}, satisfaction.offered = true.", solved.status.as_str()));

    let rated = tickets.rate(ticket_id, SatisfactionScore::Good, Some("Quick and kind, thank you!")).await?;
    say(&format!(
        "rate(Good, \"Quick and kind, thank you!\"): shown at once: {}",
        print::satisfaction(&rated.satisfaction)
    ));
    let pending = waiting("Sending", helpline.flush_outbox()).await?;
    let sent = tickets.get(ticket_id)?.ticket;
    ensure!(
        pending == 0 && rating_delivery(&sent)? == DeliveryState::Sent,
        "the rating was not sent: {:?}",
        helpline.outbox()?
    );
    say(&format!("flush_outbox(): the rating is the helpdesk's now: {}", print::satisfaction(&sent.satisfaction)));
    let ratings = waiting("Agent listing ratings", agent.satisfaction_ratings()).await?;
    let listed = ratings.iter().any(|r| r["ticket_id"] == remote_id && r["score"] == "good");
    ensure!(listed, "the agent's list lacks the rating: {ratings:?}");
    say(&format!("GET /api/v2/satisfaction_ratings.json lists it: ticket #{remote_id}, good."));
    say("Offline, the rating waits in the outbox like any write; changed before it is sent, only the");
    say("latest goes. Ratings can be switched off in the helpdesk's settings.");
    Ok(())
}
