// swift-tools-version:5.9
// The smallest iOS app on Helpline: an app package (the Swift Playgrounds app format, which
// Xcode opens and runs like a project) depending on the repository's package by path, so it
// uses the XCFramework `cargo xtask ios` built. AppleProductTypes, which describes the app, comes
// with Xcode: `swift build` on the command line does not know it.
import AppleProductTypes
import PackageDescription

let package = Package(
    name: "HelplineExample",
    // HelplineSupportView needs iOS 16 (NavigationStack); the headless API alone runs on 15.
    platforms: [.iOS(.v16)],
    products: [
        .iOSApplication(
            name: "HelplineExample",
            targets: ["HelplineExample"],
            bundleIdentifier: "dev.helpline.example",
            displayVersion: "1.0",
            bundleVersion: "1",
            supportedDeviceFamilies: [.phone, .pad],
            supportedInterfaceOrientations: [.portrait, .landscapeLeft, .landscapeRight]
        ),
    ],
    dependencies: [
        // An app outside this repository: .package(url: "https://github.com/<owner>/helpline", from: "<version>")
        .package(name: "Helpline", path: "../../.."),
    ],
    targets: [
        .executableTarget(
            name: "HelplineExample",
            dependencies: [.product(name: "Helpline", package: "Helpline")],
            path: "Sources"
        ),
    ]
)
