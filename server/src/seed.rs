//! Demo data (`--seed demo`): the demo agent "Sam (Support)" exists in every database (see
//! `db`); the demo help center comes from `server/seed/help_center.json`; the demo app
//! (`demo-app`) gets remote settings with a contact form and reachable rating rules.

use crate::db::Db;
use crate::help_center::seed;

/// The demo's app id (`helpline-demo`): its remote settings are seeded too.
pub(crate) const DEMO_APP_ID: &str = "demo-app";

/// Idempotent: seeding an already seeded database changes nothing; a newer seed file only
/// adds what the database lacks.
pub(crate) fn seed_demo(db: &Db, agent_id: u64) -> anyhow::Result<()> {
    let file = seed::parse(seed::DEMO_JSON)?;
    let added = db.blocking(|conn| {
        let tx = conn.transaction()?;
        let added = seed::load(&tx, &file, agent_id as i64)?;
        crate::settings::seed_demo(&tx, DEMO_APP_ID).map_err(|e| anyhow::anyhow!("demo settings: {e:?}"))?;
        tx.commit()?;
        Ok(added)
    })?;
    tracing::info!("demo seed: help center {added:?} added");
    Ok(())
}
