// One way to get help on the support home.

#if canImport(SwiftUI)
import SwiftUI

/// Tappable when available (with its unread count), greyed with "sign in" when it needs the
/// user, gone when the helpdesk switched it off.
struct HomeEntryRowView: View {
    let title: String
    let entry: HomeEntry
    let unread: Int32
    let onOpen: () -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if entry != .off {
            Button(action: onOpen) {
                HStack(spacing: 12) {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(title).font(.headline)
                        if entry == .needsIdentity {
                            Text(strings.signInFirst).font(.footnote).foregroundColor(.secondary)
                        }
                    }
                    .frame(maxWidth: .infinity, alignment: .leading)
                    if entry == .available && unread > 0 {
                        Text("\(unread)")
                            .font(.caption.bold())
                            .foregroundColor(.white)
                            .padding(.horizontal, 8)
                            .padding(.vertical, 2)
                            .background(Capsule().fill(Color.red))
                            .accessibilityLabel(strings.unreadCount(unread))
                    }
                }
                .frame(minHeight: 44)
                .contentShape(Rectangle())
            }
            .buttonStyle(.plain)
            .foregroundColor(entry == .available ? .primary : .secondary)
            .disabled(entry != .available)
            .accessibilityElement(children: .combine)
        }
    }
}
#endif
