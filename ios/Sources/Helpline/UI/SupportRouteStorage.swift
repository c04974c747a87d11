// The support view's navigation path as one string, so `@SceneStorage` can keep it across a
// relaunch: one route a line ("chat", "ticket:<id>", "help:<article id>"...).

#if canImport(SwiftUI)
import Foundation

extension SupportRoute {
    var stored: String {
        switch self {
        case let .helpCenter(articleId): return "help:" + (articleId.map(String.init) ?? "")
        case .contact: return "contact"
        case .tickets: return "tickets"
        case let .ticket(id): return "ticket:" + id
        case .chat: return "chat"
        }
    }

    /// A stored route; nil for one this version does not know.
    init?(stored: String) {
        let (kind, value) = stored.firstIndex(of: ":").map { (String(stored[..<$0]), String(stored[stored.index(after: $0)...])) }
            ?? (stored, "")
        switch kind {
        case "help": self = .helpCenter(articleId: Int64(value))
        case "contact": self = .contact
        case "tickets": self = .tickets
        case "ticket" where !value.isEmpty: self = .ticket(id: value)
        case "chat": self = .chat
        default: return nil
        }
    }

    static func store(_ path: [SupportRoute]) -> String {
        path.map(\.stored).joined(separator: "\n")
    }

    static func restore(_ stored: String) -> [SupportRoute] {
        stored.split(separator: "\n").compactMap { SupportRoute(stored: String($0)) }
    }
}
#endif
