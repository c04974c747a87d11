// Every text the kit shows, in one place. `HelplineStrings.english` is the built-in set; an
// app gives a translated set (from its Localizable.strings) with `.helplineStrings(...)`.
// Texts that come from the helpdesk (messages, field titles, errors' reasons) show as they come.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineStrings {
    // Chat
    public var messageHint = "Message"
    public var send = "Send"
    public var sending = "Sending…"
    public var sent = "Sent"
    public var notSent = "Not sent"
    public var retry = "Retry"
    /// Under the user's own message: when, and where it stands.
    public var delivered: (_ time: String, _ delivery: String) -> String = { "\($0) · \($1)" }
    public var connecting = "Connecting…"
    public var polling = "Slow connection: new messages may take a few seconds."
    public var ended = "This conversation has ended."
    public var startNew = "Start a new conversation"
    public var chatUnavailable = "Chat is not available right now."
    public var offline: (_ pending: Int32) -> String = { pending in
        switch pending {
        case 0: return "You're offline."
        case 1: return "You're offline. 1 message will be sent when you're back."
        default: return "You're offline. \(pending) messages will be sent when you're back."
        }
    }
    public var typing: (_ name: String) -> String = { "\($0) is typing…" }
    /// Read out by a screen reader as an agent's or a bot's message arrives, before its text.
    public var newMessageFrom: (_ name: String) -> String = { "New message from \($0)" }
    public var joined: (_ name: String) -> String = { "\($0) joined the conversation" }
    public var left: (_ name: String) -> String = { "\($0) left the conversation" }
    public var queued: (_ position: Int64, _ waitSeconds: Int64) -> String = { position, waitSeconds in
        let minutes = (waitSeconds + 59) / 60
        let wait = minutes <= 1 ? "about a minute" : "about \(minutes) minutes"
        return "You're number \(position) in line, \(wait)."
    }
    /// A timeline's day (`YYYY-MM-DD`) as "Today", "Yesterday", a weekday this week, or a date.
    public var day: (_ day: String) -> String = HelplineStrings.relativeDay

    // Contact form
    public var subject = "Subject"
    public var description = "How can we help?"
    public var submit = "Send"
    public var submitting = "Sending…"
    public var submitted = "Thanks! We got your request and will answer soon."
    public var submittedPending = "Your request is saved and will be sent when you're back online."
    public var writeAnother = "Write another request"
    public var submitFailed = "Your request could not be sent."
    /// A required field's label.
    public var required: (_ label: String) -> String = { "\($0) *" }

    // Tickets and the support home
    public var tickets = "Your requests"
    public var noTickets = "You have no requests yet."
    public var refresh = "Refresh"
    public var refreshFailed = "Could not refresh. Showing what was saved."
    public var unread = "New reply"
    public var replyHint = "Reply"
    public var solve = "Mark as solved"
    public var rateQuestion = "How would you rate the support you received?"
    public var rateGood = "Good"
    public var rateBad = "Bad"
    public var ticketRemoved = "This request is no longer available."
    public var status: (_ status: TicketStatus) -> String = HelplineStrings.statusName
    public var csatQuestion = "How was this conversation?"
    public var csatCommentHint = "Tell us more (optional)"
    public var csatSend = "Send rating"
    public var rated: (_ good: Bool) -> String = { $0 ? "You rated this support good. Thanks!" : "You rated this support bad. Thanks for telling us." }
    public var homeTitle = "How can we help?" // When the helpdesk sets no greeting.
    public var helpCenter = "Help center"
    public var contactUs = "Contact us"
    public var chat = "Chat with us"
    public var signInFirst = "Sign in to use this"
    public var promotedArticles = "Popular articles"
    public var openTickets = "Open requests"
    public var unreadCount: (_ count: Int32) -> String = { $0 == 1 ? "1 unread" : "\($0) unread" }

    // Help center
    public var back = "Back"
    public var searchHint = "Search the help center"
    public var noResults = "No articles match your search."
    /// Where search results came from: the helpdesk's search or the device's saved copy.
    public var resultsFrom: (_ online: Bool) -> String = { $0 ? "Results from the help center" : "Results saved on this device" }
    public var helpCenterOff = "The help center is not available."
    public var helpCenterFailed = "The help center could not be opened."
    public var articleUnavailable = "This article cannot be shown right now."
    public var helpfulQuestion = "Was this article helpful?"
    public var helpfulYes = "Yes"
    public var helpfulNo = "No"
    public var voted = "Thanks for your feedback!"

    // Attachments
    public var attach = "Attach"
    public var attachPhoto = "Photo"
    public var attachFile = "File"
    public var removeAttachment: (_ fileName: String) -> String = { "Remove \($0)" }
    public var uploading: (_ percent: Int) -> String = { "Uploading… \($0)%" }

    // Rating prompt
    public var ratingTitle = "Enjoying the app?"
    public var ratingMessage = "Your rating helps others find it. It only takes a moment."
    public var ratingRate = "Rate now"
    public var ratingLater = "Later"
    public var ratingNever = "No, thanks"
    public var ratingFeedback = "Something not right? Tell us"
    public var ratingFeedbackHint = "What could be better?"
    public var ratingFeedbackSend = "Send feedback"
    public var ratingFeedbackSent = "Thanks! Your feedback went to our support team."

    // Around the screens
    public var close = "Close"
    public var screenUnavailable = "This can't be shown right now."

    public init() {}

    public static let english = HelplineStrings()
}

private struct HelplineStringsKey: EnvironmentKey {
    static let defaultValue = HelplineStrings.english
}

extension EnvironmentValues {
    /// The texts of the Helpline views below; English unless the app gives its own.
    public var helplineStrings: HelplineStrings {
        get { self[HelplineStringsKey.self] }
        set { self[HelplineStringsKey.self] = newValue }
    }
}

extension View {
    /// Shows the Helpline views below in `strings`.
    public func helplineStrings(_ strings: HelplineStrings) -> some View {
        environment(\.helplineStrings, strings)
    }
}
#endif
