//! Live messaging (CONTRACT.md "Live messaging", Helpline's own, modelled on Sunshine
//! Conversations): a conversation is a request (`via.channel` "native_messaging") whose
//! messages are numbered by a per-conversation `seq`; REST for history and sending, a WebSocket
//! for everything live, a bot until an agent joins, and the agent's side for tests and the demo.
//!
//! Files, one job each: `store` (SQL and wire forms), `hub` (open WebSockets, subscriptions,
//! fan-out), `actions` (the rules: resume, idempotent send, bot, join, end, replay), `bot`
//! (greeting, quick replies, forms, suggestions as a carousel, queue), `rich` (quick replies,
//! buttons, cards, forms, and the user's answers to them), `conversations` (end-user REST),
//! `realtime` (the WebSocket), `agent` (agent REST).

mod actions;
mod agent;
pub(crate) mod bot;
mod conversations;
mod hub;
mod realtime;
mod rich;
mod store;

use axum::Router;

use crate::state::AppState;

pub(crate) use hub::Hub;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().merge(conversations::routes()).merge(realtime::routes()).merge(agent::routes())
}
