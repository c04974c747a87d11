// Tells a screen reader of each new message from an agent or a bot as it arrives, so the user
// hears "New message from Ana: …" without moving focus (the chat's timeline and a ticket's).

#if canImport(SwiftUI)
import SwiftUI
#if canImport(UIKit)
import UIKit
#endif

extension View {
    /// Announces the newest message written by someone else whenever it changes.
    func announcesNewMessages(_ timeline: [TimelineItem]) -> some View {
        modifier(NewMessageAnnouncer(newest: NewMessageAnnouncer.newestFromOthers(timeline)))
    }
}

struct NewMessageAnnouncer: ViewModifier {
    let newest: ChatMessage?
    @Environment(\.helplineStrings) private var strings

    func body(content: Content) -> some View {
        content.onChange(of: newest?.localId) { _ in
            guard let message = newest else { return }
            announce("\(strings.newMessageFrom(message.author.name)): \(message.text)")
        }
    }

    static func newestFromOthers(_ timeline: [TimelineItem]) -> ChatMessage? {
        for item in timeline.reversed() {
            if case let .message(message, _) = item, !message.isMine { return message }
        }
        return nil
    }

    private func announce(_ text: String) {
        #if canImport(UIKit)
        UIAccessibility.post(notification: .announcement, argument: text)
        #endif
    }
}
#endif
