//! Push left out of this build (the `push` feature is off): no token is ever registered, so a
//! change of user or a sign-out has nothing to move or remove. Its table is in the schema
//! still, so it stays declared.

use crate::Result;
use crate::kernel::Kernel;
use crate::store::{Owned, Scope};
use crate::transport::ApiRequest;

const TABLES: Owned = Owned { owner: "push", scope: Scope::Install, tables: &["push_device"] };

pub(crate) fn register(kernel: &Kernel) {
    kernel.store.tables.declare(TABLES);
}

pub(crate) fn ensure_registered(_kernel: &Kernel) -> Result<()> {
    Ok(())
}

pub(crate) fn before_sign_out(_kernel: &Kernel) -> Result<Option<ApiRequest>> {
    Ok(None)
}
