// swift-tools-version:5.9
// The Swift bindings against a real reference server, mirroring tests/kotlin. On a Mac:
// `cargo xtask ios && cargo build -p helpline-server && swift test` (in this directory).
import PackageDescription

let package = Package(
    name: "HelplineSwiftTests",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(path: "../../ios"),
    ],
    targets: [
        .testTarget(
            name: "HelplineTests",
            dependencies: [.product(name: "Helpline", package: "ios")],
            path: "Tests/HelplineTests"
        ),
    ]
)
