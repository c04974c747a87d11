//! The store-rating prompt left out of this build (the `rating` feature is off): its table is
//! in the schema still, so it stays declared.

use crate::kernel::Kernel;
use crate::store::{Owned, Scope};

const TABLES: Owned = Owned { owner: "rating", scope: Scope::Install, tables: &["rating_state"] };

pub(crate) fn register(kernel: &Kernel) {
    kernel.store.tables.declare(TABLES);
}
