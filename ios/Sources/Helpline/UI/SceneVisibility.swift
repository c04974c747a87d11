// Whether a screen is in front of the user: shown, and its scene active. A chat or a ticket
// in an app sent to the background (or behind the app switcher) is not read, so the agent's
// messages stay unread and the app's notifications still count them.

#if canImport(SwiftUI)
import SwiftUI

extension View {
    /// Calls `report` with true when this view shows in the active scene, false when it goes
    /// or the scene leaves `.active`.
    func reportsVisibility(_ report: @escaping (Bool) -> Void) -> some View {
        modifier(SceneVisibility(report: report))
    }
}

struct SceneVisibility: ViewModifier {
    let report: (Bool) -> Void
    @Environment(\.scenePhase) private var scenePhase
    @State private var shown = false

    func body(content: Content) -> some View {
        content
            .onAppear {
                shown = true
                report(scenePhase == .active)
            }
            .onDisappear {
                shown = false
                report(false)
            }
            .onChange(of: scenePhase) { phase in
                if shown { report(phase == .active) }
            }
    }
}
#endif
