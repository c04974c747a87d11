//! How the core's types that uniffi does not know cross the boundary (the `uniffi` feature,
//! turned on by the FFI crate; the component's scaffolding is set up in lib.rs).

use std::path::PathBuf;

// Paths cross as strings: Kotlin and Swift hand the SDK file paths, never raw bytes.
uniffi::custom_type!(PathBuf, String, {
    remote,
    lower: |path| path.to_string_lossy().into_owned(),
    try_lift: |text| Ok(PathBuf::from(text)),
});
