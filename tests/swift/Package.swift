// swift-tools-version:5.9
// The Swift bindings against a real reference server, mirroring tests/kotlin. On a Mac:
// `cargo xtask ios && cargo build -p helpline-server && swift test` (in this directory).
import PackageDescription

let package = Package(
    name: "HelplineSwiftTests",
    platforms: [.macOS(.v12)],
    dependencies: [
        // The repository root's package, by name: a path dependency's identity is its folder's
        // name, which depends on where the repository was cloned.
        .package(name: "Helpline", path: "../.."),
    ],
    targets: [
        .testTarget(
            name: "HelplineTests",
            dependencies: [.product(name: "Helpline", package: "Helpline")],
            path: "Tests/HelplineTests"
        ),
    ]
)
