//! Help Center (Zendesk's Help Center API): categories, sections and articles per locale,
//! article attachments, the incremental export, search, votes and agent authoring.
//!
//! End-user reads are public (a token is neither needed nor checked) and live under
//! `/api/v2/help_center/{locale}/...` and, for the default locale, `/api/v2/help_center/...`
//! (as in Zendesk). The static segments `articles`, `incremental`, `sections`, `votes` and
//! `categories` win over `{locale}` in axum's router, so the locale-free reads share their
//! paths with search, export, votes and authoring, one method each.
//!
//! Files, one job each: `locale`, `rows` (reads), `store` (writes), `fts` (search index and
//! query syntax), `text` (HTML to text), `browse`, `attachments`, `export`, `search`, `votes`,
//! `authoring`, `seed` (demo content), `generate` (benchmark content).

mod attachments;
mod authoring;
mod browse;
mod export;
mod fts;
mod generate;
mod locale;
mod rows;
mod search;
pub(crate) mod seed;
mod store;
mod text;
mod votes;

use axum::Router;

use crate::state::AppState;

pub(crate) use generate::generate_articles;
pub(crate) use locale::{DEFAULT_LOCALE, help_center_locale};
pub(crate) use search::best_matches;

/// Items in a page when the client names no size (Zendesk's help center default).
const DEFAULT_PAGE_SIZE: usize = 30;
/// Every end-user read is served under both prefixes.
const LOCALE_PREFIXES: &[&str] = &["/api/v2/help_center/{locale}", "/api/v2/help_center"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(browse::routes())
        .merge(attachments::routes())
        .merge(export::routes())
        .merge(search::routes())
        .merge(votes::routes())
        .merge(authoring::routes())
}
