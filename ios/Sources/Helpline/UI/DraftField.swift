// A text the user edits on screen and the core keeps (drafts outlive the app).

#if canImport(SwiftUI)
import SwiftUI

/// Shown as typed, starting from the core's `kept` draft (also when it is read after the
/// screen showed), and emptied when the core empties it (after a send or a submit). The
/// core's echoes of earlier keystrokes are not taken back, so fast typing never jumps.
struct DraftField: View {
    let label: String
    let kept: String
    let onChange: (String) -> Void
    @State private var draft: String

    init(_ label: String, kept: String, onChange: @escaping (String) -> Void) {
        self.label = label
        self.kept = kept
        self.onChange = onChange
        _draft = State(initialValue: kept)
    }

    var body: some View {
        TextField(label, text: Binding(get: { draft }, set: { text in
            draft = text
            onChange(text)
        }))
        .textFieldStyle(.roundedBorder)
        .onChange(of: kept) { kept in
            if kept.isEmpty || draft.isEmpty { draft = kept }
        }
    }
}
#endif
