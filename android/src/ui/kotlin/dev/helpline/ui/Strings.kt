package dev.helpline.ui

import androidx.compose.runtime.staticCompositionLocalOf
import dev.helpline.core.TicketStatus
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.TextStyle
import java.util.Locale

/**
 * Every text the kit shows, in one place. [EnglishStrings] is the built-in set; a translated or
 * resource-backed set (Android `strings.xml`) implements this interface and is given to
 * [HelplineTheme]. Texts that come from the helpdesk (messages, field titles, errors' reasons)
 * are shown as they come.
 */
interface Strings {
    val locale: Locale

    // Chat
    val messageHint: String
    val send: String
    val sending: String
    val sent: String
    val notSent: String
    val retry: String

    /** Under the user's own message: when, and where it stands. */
    fun delivered(time: String, delivery: String): String
    val connecting: String
    val polling: String
    val ended: String
    val startNew: String
    val chatUnavailable: String
    fun offline(pending: Int): String
    fun typing(name: String): String
    fun joined(name: String): String
    fun left(name: String): String
    fun queued(position: Long, waitSeconds: Long): String

    /** A timeline's day (`YYYY-MM-DD`) as "Today", "Yesterday", a weekday this week, or a date. */
    fun day(day: LocalDate, today: LocalDate): String

    // Contact form
    val subject: String
    val description: String
    val submit: String
    val submitting: String
    val submitted: String
    val submittedPending: String
    val writeAnother: String
    val submitFailed: String

    /** A required field's label. */
    fun required(label: String): String

    // Tickets
    val tickets: String
    val noTickets: String
    val refresh: String
    val refreshFailed: String
    val unread: String
    val replyHint: String
    val solve: String
    val rateQuestion: String
    val rateGood: String
    val rateBad: String
    val ticketRemoved: String
    fun status(status: TicketStatus): String
    fun rated(good: Boolean): String

    // Support home
    /** The home's title when the helpdesk sets no greeting. */
    val homeTitle: String
    val helpCenter: String
    val contactUs: String
    val chat: String
    val signInFirst: String
    val promotedArticles: String
    val openTickets: String
    fun unreadCount(count: Int): String

    // Help center
    val back: String
    val searchHint: String
    val noResults: String
    /** Where search results came from: the device's index or the helpdesk's search. */
    fun resultsFrom(online: Boolean): String
    val helpCenterOff: String
    val helpCenterFailed: String
    val articleUnavailable: String
    val helpfulQuestion: String
    val helpfulYes: String
    val helpfulNo: String
    val voted: String
}

/** The kit's English texts. */
object EnglishStrings : Strings {
    override val locale: Locale = Locale.ENGLISH

    override val messageHint = "Message"
    override val send = "Send"
    override val sending = "Sending…"
    override val sent = "Sent"
    override val notSent = "Not sent"
    override val retry = "Retry"
    override fun delivered(time: String, delivery: String) = "$time · $delivery"
    override val connecting = "Connecting…"
    override val polling = "Slow connection: new messages may take a few seconds."
    override val ended = "This conversation has ended."
    override val startNew = "Start a new conversation"
    override val chatUnavailable = "Chat is not available right now."
    override fun offline(pending: Int) = when (pending) {
        0 -> "You're offline."
        1 -> "You're offline. 1 message will be sent when you're back."
        else -> "You're offline. $pending messages will be sent when you're back."
    }
    override fun typing(name: String) = "$name is typing…"
    override fun joined(name: String) = "$name joined the conversation"
    override fun left(name: String) = "$name left the conversation"
    override fun queued(position: Long, waitSeconds: Long): String {
        val minutes = (waitSeconds + 59) / 60
        val wait = if (minutes <= 1) "about a minute" else "about $minutes minutes"
        return "You're number $position in line, $wait."
    }
    override fun day(day: LocalDate, today: LocalDate): String = when {
        day == today -> "Today"
        day == today.minusDays(1) -> "Yesterday"
        day.isAfter(today.minusDays(7)) && day.isBefore(today) -> day.dayOfWeek.getDisplayName(TextStyle.FULL, locale)
        day.year == today.year -> day.format(DateTimeFormatter.ofPattern("MMMM d", locale))
        else -> day.format(DateTimeFormatter.ofPattern("MMMM d, yyyy", locale))
    }

    override val subject = "Subject"
    override val description = "How can we help?"
    override val submit = "Send"
    override val submitting = "Sending…"
    override val submitted = "Thanks! We got your request and will answer soon."
    override val submittedPending = "Your request is saved and will be sent when you're back online."
    override val writeAnother = "Write another request"
    override val submitFailed = "Your request could not be sent."
    override fun required(label: String) = "$label *"

    override val tickets = "Your requests"
    override val noTickets = "You have no requests yet."
    override val refresh = "Refresh"
    override val refreshFailed = "Could not refresh. Showing what was saved."
    override val unread = "New reply"
    override val replyHint = "Reply"
    override val solve = "Mark as solved"
    override val rateQuestion = "How would you rate the support you received?"
    override val rateGood = "Good"
    override val rateBad = "Bad"
    override val ticketRemoved = "This request is no longer available."
    override fun status(status: TicketStatus) = when (status) {
        TicketStatus.NEW, TicketStatus.OPEN -> "Open"
        TicketStatus.PENDING -> "Awaiting your reply"
        TicketStatus.HOLD -> "On hold"
        TicketStatus.SOLVED -> "Solved"
        TicketStatus.CLOSED -> "Closed"
        TicketStatus.UNKNOWN -> "Open"
    }
    override fun rated(good: Boolean) = if (good) "You rated this support good. Thanks!" else "You rated this support bad. Thanks for telling us."

    override val homeTitle = "How can we help?"
    override val helpCenter = "Help center"
    override val contactUs = "Contact us"
    override val chat = "Chat with us"
    override val signInFirst = "Sign in to use this"
    override val promotedArticles = "Popular articles"
    override val openTickets = "Open requests"
    override fun unreadCount(count: Int) = if (count == 1) "1 unread" else "$count unread"

    override val back = "Back"
    override val searchHint = "Search the help center"
    override val noResults = "No articles match your search."
    override fun resultsFrom(online: Boolean) = if (online) "Results from the help center" else "Results saved on this device"
    override val helpCenterOff = "The help center is not available."
    override val helpCenterFailed = "The help center could not be opened."
    override val articleUnavailable = "This article cannot be shown right now."
    override val helpfulQuestion = "Was this article helpful?"
    override val helpfulYes = "Yes"
    override val helpfulNo = "No"
    override val voted = "Thanks for your feedback!"
}

/** The texts of the screens below; [HelplineTheme] provides them. */
val LocalStrings = staticCompositionLocalOf<Strings> { EnglishStrings }
