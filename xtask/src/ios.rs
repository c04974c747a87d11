//! Packaging for iOS: the XCFramework, zipped with its checksum (macOS with Xcode only).

use std::process::Command;

use anyhow::bail;

use crate::bindings;
use crate::util::{available, root, run};

/// Builds ios/HelplineFFI.xcframework and its zip. With `release_url` (where the zip will be
/// downloaded from), also points the root Package.swift at it: `local = false`, URL, checksum.
pub fn build(release_url: Option<&str>) -> anyhow::Result<()> {
    if !cfg!(target_os = "macos") {
        bail!(
            "the XCFramework is built on macOS only: it needs Xcode (xcodebuild, lipo, ditto, swift) and the Rust \
             targets aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; \
             on a Mac run `cargo xtask ios` (or ios/build-xcframework.sh)"
        );
    }
    if !available("xcodebuild", &["-version"]) {
        bail!("xcodebuild is missing: install Xcode and run `sudo xcode-select -s /Applications/Xcode.app`");
    }
    bindings::generate()?;
    run(Command::new("bash").arg(root().join("ios/build-xcframework.sh")).args(release_url))
}
