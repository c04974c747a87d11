// The kit's texts that take some working out: days, ticket statuses, deliveries.

#if canImport(SwiftUI)
import Foundation

extension KitTexts {
    /// The day in this language, "Today", "Yesterday", a weekday this week, or a date; the day as
    /// it came if it is no date.
    func relativeDay(_ day: String) -> String {
        let parser = DateFormatter()
        parser.calendar = Calendar(identifier: .gregorian)
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "yyyy-MM-dd"
        guard let date = parser.date(from: day) else { return day }
        let calendar = Calendar.current
        let today = calendar.startOfDay(for: Date())
        let daysAgo = calendar.dateComponents([.day], from: calendar.startOfDay(for: date), to: today).day ?? 0
        let format = DateFormatter()
        format.locale = locale
        switch daysAgo {
        case 0: return self("today")
        case 1: return self("yesterday")
        case 2..<7: format.setLocalizedDateFormatFromTemplate("EEEE")
        default:
            let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: today)
            format.setLocalizedDateFormatFromTemplate(sameYear ? "MMMMd" : "yMMMMd")
        }
        return format.string(from: date)
    }

    /// A ticket's status as the user reads it.
    func statusName(_ status: TicketStatus) -> String {
        switch status {
        case .new, .open, .unknown: return self("status_open")
        case .pending: return self("status_pending")
        case .hold: return self("status_hold")
        case .solved: return self("status_solved")
        case .closed: return self("status_closed")
        }
    }

    /// "You're number 2 in line, about 2 minutes." (the wait rounded up to whole minutes).
    func queued(_ position: Int64, _ waitSeconds: Int64) -> String {
        let minutes = max(1, (waitSeconds + 59) / 60)
        return self("queued", position, self("wait_minutes", minutes))
    }

    /// Offline, and how many messages wait to be sent.
    func offline(_ pending: Int32) -> String {
        pending == 0 ? self("offline") : self("offline_pending", pending)
    }
}

extension HelplineStrings {
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
