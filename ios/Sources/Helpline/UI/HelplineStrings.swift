// Every text the kit shows, in one place. The kit's own come from its Localizable.strings
// (English, French; Resources/), in the device's language by default. An app changes any of
// them, or gives a whole set of its own, with `.helplineStrings(...)`.
// Texts that come from the helpdesk (messages, field titles, errors' reasons) show as they come.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineStrings {
    // Chat
    public var messageHint: String
    public var send: String
    public var sending: String
    public var sent: String
    public var notSent: String
    public var retry: String
    /// Under the user's own message: when, and where it stands.
    public var delivered: (_ time: String, _ delivery: String) -> String
    public var connecting: String
    public var polling: String
    public var ended: String
    public var startNew: String
    public var chatUnavailable: String
    public var offline: (_ pending: Int32) -> String
    public var typing: (_ name: String) -> String
    /// Read out by a screen reader as an agent's or a bot's message arrives, before its text.
    public var newMessageFrom: (_ name: String) -> String
    public var joined: (_ name: String) -> String
    public var left: (_ name: String) -> String
    public var queued: (_ position: Int64, _ waitSeconds: Int64) -> String
    /// A timeline's day (`YYYY-MM-DD`) as "Today", "Yesterday", a weekday this week, or a date.
    public var day: (_ day: String) -> String
    /// A bot's form: its send button when the bot names none, and the line once it is answered.
    public var formSubmit: String
    public var formSent: String
    /// The user's other conversations, when the helpdesk allows several: the list, and each one's state.
    public var conversations: String
    public var conversationOpen: String
    public var conversationEnded: String

    // Contact form
    public var subject: String
    public var description: String
    public var submit: String
    public var submitting: String
    public var submitted: String
    public var submittedPending: String
    public var writeAnother: String
    public var submitFailed: String
    /// A required field's label.
    public var required: (_ label: String) -> String
    /// Under a required field left empty.
    public var fieldRequired: String

    // Tickets and the support home
    public var tickets: String
    public var noTickets: String
    public var refresh: String
    public var refreshFailed: String
    public var unread: String
    public var replyHint: String
    public var solve: String
    public var rateQuestion: String
    public var rateGood: String
    public var rateBad: String
    public var ticketRemoved: String
    public var status: (_ status: TicketStatus) -> String
    public var csatQuestion: String
    public var csatCommentHint: String
    public var csatSend: String
    public var rated: (_ good: Bool) -> String
    public var homeTitle: String // When the helpdesk sets no greeting.
    public var helpCenter: String
    public var contactUs: String
    public var chat: String
    public var signInFirst: String
    public var promotedArticles: String
    public var openTickets: String
    public var unreadCount: (_ count: Int32) -> String

    // Help center
    public var back: String
    public var searchHint: String
    public var noResults: String
    /// Where search results came from: the helpdesk's search or the device's saved copy.
    public var resultsFrom: (_ online: Bool) -> String
    public var helpCenterOff: String
    public var helpCenterFailed: String
    public var articleUnavailable: String
    public var helpfulQuestion: String
    public var helpfulYes: String
    public var helpfulNo: String
    public var voted: String

    // Attachments
    public var attach: String
    public var attachPhoto: String
    public var attachFile: String
    /// A picked file that could not be read, or is larger than the helpdesk takes.
    public var attachFailed: String
    public var removeAttachment: (_ fileName: String) -> String
    public var uploading: (_ percent: Int) -> String

    // Rating prompt
    public var ratingTitle: String
    public var ratingMessage: String
    public var ratingRate: String
    public var ratingLater: String
    public var ratingNever: String
    public var ratingFeedback: String
    public var ratingFeedbackHint: String
    public var ratingFeedbackSend: String
    public var ratingFeedbackSent: String
    public var ratingFeedbackFailed: String

    // Around the screens
    public var close: String
    public var screenUnavailable: String

    /// The kit's texts in the device's language (English when the kit does not have it).
    public init() {
        self.init(KitTexts.device)
    }

    /// The kit's texts in `language` ("fr"; English when the kit does not have it).
    public init(language: String) {
        self.init(KitTexts(language: language))
    }

    public static let english = HelplineStrings(language: "en")

    init(_ t: KitTexts) {
        messageHint = t("message_hint")
        send = t("send")
        sending = t("sending")
        sent = t("sent")
        notSent = t("not_sent")
        retry = t("retry")
        delivered = { time, delivery in t("delivered", time, delivery) }
        connecting = t("connecting")
        polling = t("polling")
        ended = t("ended")
        startNew = t("start_new")
        chatUnavailable = t("chat_unavailable")
        offline = { t.offline($0) }
        typing = { t("typing", $0) }
        newMessageFrom = { t("new_message_from", $0) }
        joined = { t("joined", $0) }
        left = { t("left", $0) }
        queued = { t.queued($0, $1) }
        day = { t.relativeDay($0) }
        formSubmit = t("form_submit")
        formSent = t("form_sent")
        conversations = t("conversations")
        conversationOpen = t("conversation_open")
        conversationEnded = t("conversation_ended")

        subject = t("subject")
        description = t("description")
        submit = t("submit")
        submitting = t("submitting")
        submitted = t("submitted")
        submittedPending = t("submitted_pending")
        writeAnother = t("write_another")
        submitFailed = t("submit_failed")
        required = { t("required", $0) }
        fieldRequired = t("field_required")

        tickets = t("tickets")
        noTickets = t("no_tickets")
        refresh = t("refresh")
        refreshFailed = t("refresh_failed")
        unread = t("unread")
        replyHint = t("reply_hint")
        solve = t("solve")
        rateQuestion = t("rate_question")
        rateGood = t("rate_good")
        rateBad = t("rate_bad")
        ticketRemoved = t("ticket_removed")
        status = { t.statusName($0) }
        csatQuestion = t("csat_question")
        csatCommentHint = t("csat_comment_hint")
        csatSend = t("csat_send")
        rated = { t($0 ? "rated_good" : "rated_bad") }
        homeTitle = t("home_title")
        helpCenter = t("help_center")
        contactUs = t("contact_us")
        chat = t("chat")
        signInFirst = t("sign_in_first")
        promotedArticles = t("promoted_articles")
        openTickets = t("open_tickets")
        unreadCount = { t("unread_count", $0) }

        back = t("back")
        searchHint = t("search_hint")
        noResults = t("no_results")
        resultsFrom = { t($0 ? "results_online" : "results_device") }
        helpCenterOff = t("help_center_off")
        helpCenterFailed = t("help_center_failed")
        articleUnavailable = t("article_unavailable")
        helpfulQuestion = t("helpful_question")
        helpfulYes = t("helpful_yes")
        helpfulNo = t("helpful_no")
        voted = t("voted")

        attach = t("attach")
        attachPhoto = t("attach_photo")
        attachFile = t("attach_file")
        attachFailed = t("attach_failed")
        removeAttachment = { t("remove_attachment", $0) }
        uploading = { t("uploading", $0) }

        ratingTitle = t("rating_title")
        ratingMessage = t("rating_message")
        ratingRate = t("rating_rate")
        ratingLater = t("rating_later")
        ratingNever = t("rating_never")
        ratingFeedback = t("rating_feedback")
        ratingFeedbackHint = t("rating_feedback_hint")
        ratingFeedbackSend = t("rating_feedback_send")
        ratingFeedbackSent = t("rating_feedback_sent")
        ratingFeedbackFailed = t("rating_feedback_failed")

        close = t("close")
        screenUnavailable = t("screen_unavailable")
    }
}

private struct HelplineStringsKey: EnvironmentKey {
    static let defaultValue = HelplineStrings()
}

extension EnvironmentValues {
    /// The texts of the Helpline views below; the kit's in the device's language unless the
    /// app gives its own.
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
