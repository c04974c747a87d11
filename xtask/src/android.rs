//! Packaging for Android: the jniLibs (cargo-ndk), then the AAR (Gradle).

use std::process::Command;

use anyhow::bail;

use crate::bindings;
use crate::util::{available, root, run};

/// Android ABIs of the AAR, as cargo-ndk names them.
const ABIS: [&str; 4] = ["arm64-v8a", "armeabi-v7a", "x86_64", "x86"];
const ANDROID_TARGETS: &str = "aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android";

pub fn build(release: bool) -> anyhow::Result<()> {
    let mut missing = Vec::new();
    if !available("cargo", &["ndk", "--version"]) {
        missing.push("cargo-ndk (cargo install cargo-ndk)".to_owned());
    }
    match std::env::var_os("ANDROID_NDK_HOME") {
        Some(ndk) if std::path::Path::new(&ndk).is_dir() => {}
        Some(ndk) => {
            missing.push(format!("an Android NDK at ANDROID_NDK_HOME ({} is not a directory)", ndk.to_string_lossy()))
        }
        None => missing.push("ANDROID_NDK_HOME, pointing to an Android NDK (r26 or newer)".to_owned()),
    }
    if !missing.is_empty() {
        eprintln!("cargo xtask android needs:");
        for m in &missing {
            eprintln!("  - {m}");
        }
        eprintln!("  - the Rust targets: rustup target add {ANDROID_TARGETS}");
        bail!("cannot build the Android libraries here");
    }
    bindings::generate()?;
    let jni_libs = root().join("android/src/main/jniLibs");
    let mut ndk = Command::new("cargo");
    ndk.arg("ndk");
    for abi in ABIS {
        ndk.args(["-t", abi]);
    }
    ndk.arg("-o").arg(&jni_libs).args(["build", "-p", "helpline-ffi"]);
    // Android's packed relocations (API 23+) shrink the dynamic relocations, about a sixth of
    // the stripped library, to almost nothing.
    let mut rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    rustflags.push_str(" -C link-arg=-Wl,--pack-dyn-relocs=android");
    ndk.env("RUSTFLAGS", rustflags.trim());
    if release {
        ndk.arg("--release");
    }
    run(&mut ndk)?;
    println!("jniLibs in {}; build the AAR with: cd android && gradle assembleRelease", jni_libs.display());
    Ok(())
}
