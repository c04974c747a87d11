// swift-tools-version:5.9
// Helpline for iOS: the generated Swift bindings (Sources/Helpline/Generated, from
// `cargo xtask bindings`), a small Swift layer, and the Rust core as HelplineFFI.xcframework
// (from `cargo xtask ios`, on macOS).
import PackageDescription

let package = Package(
    name: "Helpline",
    defaultLocalization: "en",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Helpline", targets: ["Helpline"]),
    ],
    targets: [
        .binaryTarget(name: "HelplineFFI", path: "HelplineFFI.xcframework"),
        .target(
            name: "Helpline",
            dependencies: ["HelplineFFI"],
            path: "Sources/Helpline",
            // What the SDK collects and the required-reason APIs it calls (App Store review), and
            // the UI kit's texts (Resources/<language>.lproj, read through Bundle.module).
            resources: [.copy("PrivacyInfo.xcprivacy"), .process("Resources")],
            // The core verifies TLS certificates with the system's verifier (Security.framework).
            linkerSettings: [.linkedFramework("Security")]
        ),
    ]
)
