//! Packaging for Android: stripped, 16 KB-aligned jniLibs (cargo-ndk), then the AARs (Gradle).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::bindings;
use crate::util::{available, root, run};

/// The ABIs phones run, as cargo-ndk names them; 32-bit x86 (old emulators) only on request.
const ABIS: [&str; 3] = ["arm64-v8a", "armeabi-v7a", "x86_64"];
const X86: &str = "x86";
const RUST_TARGETS: &str = "aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android";
/// Google Play requires 16 KB page alignment for apps targeting Android 15+; NDK r27 is the
/// first whose toolchain and docs support it fully (r28 aligns by default).
const NDK_MAJOR: u32 = 27;
const PAGE: u64 = 16 * 1024;
const LIBRARY: &str = "libhelpline_ffi.so";

pub fn build(release: bool, x86: bool) -> anyhow::Result<()> {
    let ndk = ndk()?;
    bindings::generate()?;
    let jni_libs = root().join("android/src/main/jniLibs");
    let abis: Vec<&str> = ABIS.iter().copied().chain(x86.then_some(X86)).collect();
    // Libraries of an ABI no longer asked for would still ship.
    if jni_libs.exists() {
        std::fs::remove_dir_all(&jni_libs).with_context(|| format!("cannot clear {}", jni_libs.display()))?;
    }
    let mut cargo_ndk = Command::new("cargo");
    cargo_ndk.arg("ndk");
    for abi in &abis {
        cargo_ndk.args(["-t", abi]);
    }
    cargo_ndk.arg("-o").arg(&jni_libs).args(["build", "-p", "helpline-ffi"]);
    // 16 KB pages (Android 15+ devices), and packed relocations (API 23+), which shrink the
    // dynamic relocations, about a sixth of the stripped library, to almost nothing.
    let mut rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    rustflags.push_str(" -C link-arg=-Wl,-z,max-page-size=16384 -C link-arg=-Wl,--pack-dyn-relocs=android");
    cargo_ndk.env("RUSTFLAGS", rustflags.trim());
    if release {
        // Symbols are only needed by the host library, which the bindings are generated from.
        cargo_ndk.arg("--release").env("CARGO_PROFILE_RELEASE_STRIP", "symbols");
    }
    run(&mut cargo_ndk)?;
    let readelf = readelf(&ndk)?;
    for abi in &abis {
        let library = jni_libs.join(abi).join(LIBRARY);
        check_alignment(&readelf, &library)?;
        let size = std::fs::metadata(&library)?.len();
        println!("{abi}: {} ({:.2} MB), 16 KB aligned", library.display(), size as f64 / 1e6);
    }
    if available("gradle", &["--version"]) {
        run(Command::new("gradle").arg("-p").arg(root().join("android")).args(["assembleRelease", "--console=plain"]))?;
        println!("AARs in android/build/outputs/aar and android/ui/build/outputs/aar");
    } else {
        println!("jniLibs built; Gradle is not installed: build the AARs with `gradle -p android assembleRelease`");
    }
    Ok(())
}

/// The NDK at ANDROID_NDK_HOME, refused when missing or older than r27; cargo-ndk installed.
fn ndk() -> anyhow::Result<PathBuf> {
    let mut missing = Vec::new();
    if !available("cargo", &["ndk", "--version"]) {
        missing.push("cargo-ndk (cargo install cargo-ndk)".to_owned());
    }
    let ndk = std::env::var_os("ANDROID_NDK_HOME").map(PathBuf::from);
    match &ndk {
        Some(ndk) if ndk.is_dir() => match ndk_major(ndk) {
            Ok(major) if major >= NDK_MAJOR => {}
            Ok(major) => missing.push(format!(
                "an Android NDK r{NDK_MAJOR} or newer for 16 KB page alignment ({} is r{major})",
                ndk.display()
            )),
            Err(e) => missing.push(format!("a readable NDK version at {}: {e:#}", ndk.display())),
        },
        Some(ndk) => missing.push(format!("an Android NDK at ANDROID_NDK_HOME ({} is not a directory)", ndk.display())),
        None => missing.push(format!("ANDROID_NDK_HOME, pointing to an Android NDK r{NDK_MAJOR} or newer")),
    }
    if !missing.is_empty() {
        eprintln!("cargo xtask android needs:");
        for m in &missing {
            eprintln!("  - {m}");
        }
        eprintln!("  - the Rust targets: rustup target add {RUST_TARGETS}");
        bail!("cannot build the Android libraries here");
    }
    Ok(ndk.expect("checked above"))
}

/// The NDK's major version, from `Pkg.Revision = 27.2.12479018` in source.properties.
fn ndk_major(ndk: &Path) -> anyhow::Result<u32> {
    let properties = std::fs::read_to_string(ndk.join("source.properties")).context("reading source.properties")?;
    revision_major(&properties).context("no Pkg.Revision in source.properties")
}

fn revision_major(properties: &str) -> Option<u32> {
    let line = properties.lines().find(|line| line.trim_start().starts_with("Pkg.Revision"))?;
    line.split_once('=')?.1.trim().split('.').next()?.parse().ok()
}

/// The NDK's llvm-readelf, for the host it runs on.
fn readelf(ndk: &Path) -> anyhow::Result<PathBuf> {
    let prebuilt = ndk.join("toolchains/llvm/prebuilt");
    let host = std::fs::read_dir(&prebuilt)
        .with_context(|| format!("reading {}", prebuilt.display()))?
        .next()
        .context("no prebuilt toolchain in the NDK")??;
    Ok(host.path().join("bin/llvm-readelf"))
}

/// Refuses a library whose loadable segments are not aligned to 16 KB pages.
fn check_alignment(readelf: &Path, library: &Path) -> anyhow::Result<()> {
    let output = Command::new(readelf).arg("-lW").arg(library).output().context("running llvm-readelf")?;
    let headers = String::from_utf8_lossy(&output.stdout);
    match load_alignments(&headers).into_iter().min() {
        Some(align) if align >= PAGE => Ok(()),
        Some(align) => bail!("{} has {align}-byte pages, not 16 KB: Google Play refuses it", library.display()),
        None => bail!("no LOAD segment in {}'s program headers", library.display()),
    }
}

/// The alignment (the last column) of each LOAD line of `readelf -lW`.
fn load_alignments(headers: &str) -> Vec<u64> {
    headers
        .lines()
        .filter(|line| line.trim_start().starts_with("LOAD"))
        .filter_map(|line| line.split_whitespace().last())
        .filter_map(|align| u64::from_str_radix(align.trim_start_matches("0x"), 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ndk_major_version() {
        assert_eq!(revision_major("Pkg.Desc = Android NDK\nPkg.Revision = 27.2.12479018\n"), Some(27));
        assert_eq!(revision_major("Pkg.Desc = Android NDK\n"), None);
    }

    #[test]
    fn reads_load_alignments() {
        let headers = "\
Program Headers:
  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align
  PHDR           0x000040 0x0000000000000040 0x0000000000000040 0x000230 0x000230 R   0x8
  LOAD           0x000000 0x0000000000000000 0x0000000000000000 0x1b2f30 0x1b2f30 R   0x4000
  LOAD           0x1b2f30 0x00000000001b6f30 0x00000000001b6f30 0x41d6d0 0x41d6d0 R E 0x1000
";
        assert_eq!(load_alignments(headers), vec![0x4000, 0x1000]);
    }
}
