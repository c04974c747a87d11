// swift-tools-version:5.9
// Helpline for iOS, at the repository root so an app can add it by URL
// (`.package(url: "https://github.com/<owner>/helpline", from: "<version>")`): the Swift in
// ios/Sources/Helpline (the generated bindings, from `cargo xtask bindings`, plus the Swift
// layer and the SwiftUI kit) over the Rust core, the binary target HelplineFFI.
import PackageDescription

// The one switch: where HelplineFFI.xcframework comes from.
// - true (the main branch): ios/HelplineFFI.xcframework, built on this Mac by `cargo xtask ios`.
//   Used by tests/swift, examples/ios and anyone working on the SDK.
// - false (a release tag): the zip attached to the release, checked against its checksum.
// `cargo xtask ios --release-url <URL>` sets it to false and writes the two values below; a
// literal rather than an environment variable because Xcode does not pass the shell's
// environment to manifests and a tag must resolve the same way for everyone.
let local = true
let releaseURL = "https://example.invalid/HelplineFFI.xcframework.zip"
let releaseChecksum = "0000000000000000000000000000000000000000000000000000000000000000"

let core: Target = local
    ? .binaryTarget(name: "HelplineFFI", path: "ios/HelplineFFI.xcframework")
    : .binaryTarget(name: "HelplineFFI", url: releaseURL, checksum: releaseChecksum)

let package = Package(
    name: "Helpline",
    defaultLocalization: "en",
    // macOS only for `swift test` (tests/swift) on a Mac.
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Helpline", targets: ["Helpline"]),
    ],
    targets: [
        core,
        .target(
            name: "Helpline",
            dependencies: ["HelplineFFI"],
            path: "ios/Sources/Helpline",
            // What the SDK collects and the required-reason APIs it calls (App Store review), and
            // the UI kit's texts (Resources/<language>.lproj, read through Bundle.module).
            resources: [.copy("PrivacyInfo.xcprivacy"), .process("Resources")],
            // The core verifies TLS certificates with the system's verifier (Security.framework).
            linkerSettings: [.linkedFramework("Security")]
        ),
    ]
)
