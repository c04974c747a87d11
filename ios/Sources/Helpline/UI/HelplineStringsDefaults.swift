// The built-in English texts that take some working out: days, ticket statuses, deliveries.

#if canImport(SwiftUI)
import Foundation

extension HelplineStrings {
    /// The day in the device's calendar and language; the day as it came if it is no date.
    static func relativeDay(_ day: String) -> String {
        let parser = DateFormatter()
        parser.calendar = Calendar(identifier: .gregorian)
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "yyyy-MM-dd"
        guard let date = parser.date(from: day) else { return day }
        let calendar = Calendar.current
        let today = calendar.startOfDay(for: Date())
        let daysAgo = calendar.dateComponents([.day], from: calendar.startOfDay(for: date), to: today).day ?? 0
        let format = DateFormatter()
        switch daysAgo {
        case 0: return "Today"
        case 1: return "Yesterday"
        case 2..<7: format.setLocalizedDateFormatFromTemplate("EEEE")
        default:
            let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: today)
            format.setLocalizedDateFormatFromTemplate(sameYear ? "MMMMd" : "yMMMMd")
        }
        return format.string(from: date)
    }

    /// A ticket's status as the user reads it.
    static func statusName(_ status: TicketStatus) -> String {
        switch status {
        case .new, .open, .unknown: return "Open"
        case .pending: return "Awaiting your reply"
        case .hold: return "On hold"
        case .solved: return "Solved"
        case .closed: return "Closed"
        }
    }

    /// Sending, sent, not sent: the user's own message, comment or request.
    func delivery(_ delivery: DeliveryState) -> String {
        switch delivery {
        case .pending: return sending
        case .sent: return sent
        case .failed: return notSent
        }
    }
}
#endif
