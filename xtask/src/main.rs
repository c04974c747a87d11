//! `cargo xtask <task>`: the project's tasks, in Rust so they run the same everywhere.

mod actionlint;
mod android;
mod bindings;
mod conformance;
mod fuzz;
mod ios;
mod screenshots;
mod size;
mod syntax;
mod test;
mod util;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Helpline project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Every test: formatting (rustfmt), Rust unit, contract and end-to-end tests, the demo's, the
    /// conformance kit against the reference server, the Kotlin bindings' on the host JVM, and
    /// syntax checks of every Swift file and of the hand-written Kotlin (the Android-only part
    /// compiles nowhere without the Android SDK), and actionlint over the CI workflows.
    Test,
    /// Builds helpline-ffi for the host (unstripped) and generates the Kotlin and Swift
    /// bindings into android/ and ios/ (generated files are not committed).
    Bindings,
    /// Builds the Android libraries (arm64-v8a, armeabi-v7a, x86_64; stripped, 16 KB pages,
    /// packed relocations) with cargo-ndk and an NDK r27+, then the AARs with Gradle if present.
    Android {
        /// Build in release mode (the AAR's libraries).
        #[arg(long)]
        release: bool,
        /// Also 32-bit x86 (old emulators).
        #[arg(long)]
        x86: bool,
    },
    /// Builds ios/HelplineFFI.xcframework and its zip, and prints the zip's checksum (macOS with
    /// Xcode only).
    Ios {
        /// Where the zip will be downloaded from (a release's asset): writes it and the checksum
        /// into the root Package.swift and sets `local = false`, for the release tag's commit.
        #[arg(long, value_name = "URL")]
        release_url: Option<String>,
    },
    /// The conformance kit's binary against the reference server's, with every Helpline addition
    /// and with --zendesk-only (part of `test`).
    Conformance,
    /// One contact sheet (target/screenshots/contact-sheet.png) of the screenshots the UI tests
    /// saved: a row per screen, a column per look (light, dark, French, largest font, RTL).
    Screenshots,
    /// Syntax check of every Swift file under ios/ and tests/swift (tree-sitter-swift).
    SwiftSyntax,
    /// Syntax check of the hand-written Kotlin under android/src, the Android-only code included
    /// (tree-sitter-kotlin): nothing compiles it without the Android SDK.
    KotlinSyntax,
    /// The GitHub Actions workflows checked with actionlint (pinned; built into target/tools
    /// with `go install` when missing, so it needs Go). Part of `test`.
    Actionlint,
    /// Kotlin benchmarks on the host JVM: prints figures, asserts nothing.
    BenchKotlin,
    /// The release library's size for the host: stripped, gzipped, largest sections, and with
    /// packed relocations as on Android.
    Size,
    /// Every fuzz target (fuzz/, cargo fuzz on the nightly toolchain) for N seconds each;
    /// findings land in fuzz/artifacts/. Installs cargo-fuzz when missing.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u32,
        /// Only this target.
        #[arg(long)]
        target: Option<String>,
    },
}

fn main() {
    if let Err(e) = run(Cli::parse().task) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(task: Task) -> anyhow::Result<()> {
    match task {
        Task::Test => test::run(),
        Task::Bindings => bindings::generate().map(|_| ()),
        Task::Android { release, x86 } => android::build(release, x86),
        Task::Ios { release_url } => ios::build(release_url.as_deref()),
        Task::Conformance => {
            util::cargo(&["build", "-p", "helpline-server", "-p", "helpline-conformance"])?;
            conformance::run()
        }
        Task::SwiftSyntax => syntax::swift(),
        Task::KotlinSyntax => syntax::kotlin(),
        Task::Actionlint => actionlint::check(),
        Task::Screenshots => screenshots::contact_sheet(),
        Task::BenchKotlin => test::bench_kotlin(),
        Task::Size => size::report(),
        Task::Fuzz { seconds, target } => fuzz::run(seconds, target),
    }
}
