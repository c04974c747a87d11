//! Push left out of this build (the `push` feature is off): no token is ever registered, so a
//! change of user or a sign-out has nothing to move or remove.

use crate::Result;
use crate::kernel::Kernel;
use crate::transport::ApiRequest;

pub(crate) fn register(_kernel: &Kernel) {}

pub(crate) fn ensure_registered(_kernel: &Kernel) -> Result<()> {
    Ok(())
}

pub(crate) fn before_sign_out(_kernel: &Kernel) -> Result<Option<ApiRequest>> {
    Ok(None)
}
