// The app's own screen: one headless call (sign in anonymously and sync, its result shown as
// text) and a button that presents the SDK's whole support experience.

import Helpline
import SwiftUI

struct HomeView: View {
    let helpline: Helpline
    @State private var status = "Syncing…"
    @State private var showsSupport = false

    var body: some View {
        VStack(spacing: 24) {
            Text(status)
            Button("Help and support") { showsSupport = true }
                .buttonStyle(.borderedProminent)
        }
        .padding()
        .sheet(isPresented: $showsSupport) {
            HelplineSupportView(helpline: helpline, onClose: { showsSupport = false })
        }
        .task { await signInAndSync() }
    }

    /// The headless API: who the user is, then the helpdesk's news for them.
    private func signInAndSync() async {
        do {
            try await helpline.setIdentity(identity: .anonymous(name: "Ana", email: nil))
            let report = try await helpline.sync()
            status = "Synced: \(report.ticketsChanged) requests changed"
        } catch {
            status = "Offline or refused: \(String(describing: error))"
        }
    }
}
