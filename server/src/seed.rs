//! Demo data (`--seed demo`). The demo agent "Sam (Support)" exists in every database (see
//! `db`); help-center content will be seeded here once the help center exists.

use crate::db::Db;

/// Idempotent: seeding an already seeded database changes nothing.
pub(crate) fn seed_demo(_db: &Db) -> anyhow::Result<()> {
    tracing::info!("demo seed: the demo agent is ready; no other demo data yet");
    Ok(())
}
