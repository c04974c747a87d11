// Tells a screen reader of each new message from an agent or a bot as it arrives, so the user
// hears "New message from Ana: …" without moving focus: the chat's messages and a ticket's
// comments alike.

#if canImport(SwiftUI)
import SwiftUI
#if canImport(UIKit)
import UIKit
#endif

extension View {
    /// Announces the newest message or comment written by someone else whenever it changes.
    func announcesNewMessages(_ timeline: [TimelineItem]) -> some View {
        modifier(NewMessageAnnouncer(newest: NewMessageAnnouncer.newestFromOthers(timeline)))
    }
}

struct NewMessageAnnouncer: ViewModifier {
    /// What is read out: who wrote it and what, known by its id.
    struct Arrival: Equatable {
        let id: String
        let author: String
        let text: String
    }

    let newest: Arrival?
    @Environment(\.helplineStrings) private var strings

    func body(content: Content) -> some View {
        content.onChange(of: newest?.id) { _ in
            guard let arrival = newest else { return }
            announce("\(strings.newMessageFrom(arrival.author)): \(arrival.text)")
        }
    }

    static func newestFromOthers(_ timeline: [TimelineItem]) -> Arrival? {
        for item in timeline.reversed() {
            switch item {
            case let .message(message, _) where !message.isMine:
                return Arrival(id: message.localId, author: message.author.name, text: message.text)
            case let .comment(comment, _) where !comment.isMine:
                return Arrival(id: comment.id, author: comment.author.name, text: comment.body)
            default:
                continue
            }
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
