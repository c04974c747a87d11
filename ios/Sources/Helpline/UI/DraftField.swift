// A text the user edits on screen and the core keeps (drafts outlive the app).

#if canImport(SwiftUI)
import SwiftUI

/// Shown as typed, starting from the core's `kept` draft (also when it is read after the
/// screen showed), and emptied when the core empties it (after a send or a submit). The
/// core's echoes of earlier keystrokes are not taken back, so fast typing never jumps.
/// Its label stays above it once the placeholder is gone; a `multiline` one grows with its text
/// (a few lines, then it scrolls) where the system can (iOS 16).
struct DraftField: View {
    let label: String
    let kept: String
    let multiline: Bool
    let onChange: (String) -> Void
    @State private var draft: String

    init(_ label: String, kept: String, multiline: Bool = false, onChange: @escaping (String) -> Void) {
        self.label = label
        self.kept = kept
        self.multiline = multiline
        self.onChange = onChange
        _draft = State(initialValue: kept)
    }

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            if !draft.isEmpty {
                // Read out as the field's own label already.
                Text(label).font(.caption).foregroundColor(.secondary).accessibilityHidden(true)
            }
            field.textFieldStyle(.roundedBorder)
        }
        .onChange(of: kept) { kept in
            if kept.isEmpty || draft.isEmpty { draft = kept }
        }
    }

    @ViewBuilder
    private var field: some View {
        if multiline {
            if #available(iOS 16, macOS 13, *) {
                TextField(label, text: text, axis: .vertical).lineLimit(1...6)
            } else {
                TextField(label, text: text)
            }
        } else {
            TextField(label, text: text)
        }
    }

    private var text: Binding<String> {
        Binding(get: { draft }, set: { text in
            draft = text
            onChange(text)
        })
    }
}
#endif
