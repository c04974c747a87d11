// The app: opens the SDK once, then shows the home screen (or why the SDK could not open).

import Foundation
import Helpline
import SwiftUI

@main
struct HelplineExampleApp: App {
    private let helpline = Result { try HelplineExampleApp.openHelpline() }

    var body: some Scene {
        WindowGroup {
            switch helpline {
            case let .success(helpline):
                HomeView(helpline: helpline)
            case let .failure(error):
                Text("Helpline did not open: \(String(describing: error))").padding()
            }
        }
    }

    /// The reference helpdesk on this Mac (`cargo run -p helpline-server -- --port 8080 --seed demo
    /// --dev`), which the simulator reaches as 127.0.0.1; an app passes its own helpdesk's values.
    private static func openHelpline() throws -> Helpline {
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("helpline")
        let config = HelplineConfig(
            baseUrl: "http://127.0.0.1:8080", appId: "demo-app", clientId: "demo-client",
            dataDir: dir.path, platform: "ios"
        )
        return try Helpline.openWithSecretStore(config: config, secretStore: KeychainSecretStore())
    }
}
