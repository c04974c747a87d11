//! Packaging for iOS: the XCFramework (macOS with Xcode only).

use std::process::Command;

use anyhow::bail;

use crate::bindings;
use crate::util::{available, root, run};

pub fn build() -> anyhow::Result<()> {
    if !cfg!(target_os = "macos") {
        bail!(
            "the XCFramework is built on macOS only: it needs Xcode (xcodebuild, lipo) and the Rust targets \
             aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; \
             on a Mac run `cargo xtask ios` (or ios/build-xcframework.sh)"
        );
    }
    if !available("xcodebuild", &["-version"]) {
        bail!("xcodebuild is missing: install Xcode and run `sudo xcode-select -s /Applications/Xcode.app`");
    }
    bindings::generate()?;
    run(Command::new("bash").arg(root().join("ios/build-xcframework.sh")))
}
