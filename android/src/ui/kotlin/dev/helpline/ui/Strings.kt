package dev.helpline.ui

import androidx.compose.runtime.staticCompositionLocalOf
import dev.helpline.core.TicketStatus
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import java.time.format.TextStyle
import java.util.Locale

/**
 * Where the kit's texts come from: the `helpline_*` strings and plurals of `res/values/strings.xml` (and `values-fr/`…),
 * through Android's resources on a device and the same files read from the classpath on the
 * desktop. Names are the resource names; arguments fill `%1$s`-style placeholders.
 */
interface StringTable {
    val locale: Locale
    fun text(name: String, vararg args: Any): String
    fun plural(name: String, count: Int, vararg args: Any): String
}

/**
 * Every text the kit shows, read from a [StringTable]. An Android app changes a text by defining
 * the same resource name in its own `strings.xml`; code can also subclass this and give the
 * result to [HelplineTheme]. Texts from the helpdesk (messages, field titles, errors' reasons)
 * show as they come.
 */
open class Strings(private val table: StringTable) {
    val locale: Locale get() = table.locale
    private fun t(name: String, vararg args: Any) = table.text("helpline_$name", *args)

    // Chat
    open val messageHint get() = t("message_hint")
    open val send get() = t("send")
    open val sending get() = t("sending")
    open val sent get() = t("sent")
    open val notSent get() = t("not_sent")
    open val retry get() = t("retry")
    open val discard get() = t("discard")

    /** Under the user's own message: when, and where it stands. */
    open fun delivered(time: String, delivery: String) = t("delivered", time, delivery)
    open val connecting get() = t("connecting")
    open val polling get() = t("polling")
    open val ended get() = t("ended")
    open val startNew get() = t("start_new")
    open val chatUnavailable get() = t("chat_unavailable")
    open fun offline(pending: Int) = if (pending == 0) t("offline") else table.plural("helpline_offline_pending", pending, pending)
    open fun typing(name: String) = t("typing", name)
    open fun joined(name: String) = t("joined", name)
    open fun left(name: String) = t("left", name)
    open fun queued(position: Long, waitSeconds: Long): String {
        val minutes = ((waitSeconds + 59) / 60).coerceIn(1, Int.MAX_VALUE.toLong()).toInt()
        return table.plural("helpline_queued", minutes, position, minutes)
    }

    /** What a screen reader says when an agent's message arrives. */
    open fun newMessageFrom(name: String) = t("new_message_from", name)
    open val conversations get() = t("conversations")
    open val conversationOpen get() = t("conversation_open")
    open val conversationEnded get() = t("conversation_ended")
    open val attach get() = t("attach")
    open val attachPhoto get() = t("attach_photo")
    open val attachFile get() = t("attach_file")
    open val attachFailed get() = t("attach_failed")
    open fun removeAttachment(name: String) = t("remove_attachment", name)

    /** A file being sent: its name and the percentage sent. */
    open fun uploading(name: String, percent: Int) = t("uploading", name, percent)
    open val formSubmit get() = t("form_submit")
    open val formSent get() = t("form_sent")
    open val csatQuestion get() = t("csat_question")
    open val csatCommentHint get() = t("csat_comment_hint")
    open val csatSend get() = t("csat_send")

    /** A timeline's day as "Today", "Yesterday", a weekday this week, or a date. */
    open fun day(day: LocalDate, today: LocalDate): String = when {
        day == today -> t("today")
        day == today.minusDays(1) -> t("yesterday")
        day.isAfter(today.minusDays(7)) && day.isBefore(today) ->
            day.dayOfWeek.getDisplayName(TextStyle.FULL, locale).replaceFirstChar { it.titlecase(locale) }
        day.year == today.year -> day.format(DateTimeFormatter.ofPattern(t("day_pattern"), locale))
        else -> day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale))
    }

    // Contact form
    open val subject get() = t("subject")
    open val description get() = t("description")
    open val submit get() = t("submit")
    open val submitting get() = t("submitting")
    open val submitted get() = t("submitted")
    open val submittedPending get() = t("submitted_pending")
    open val writeAnother get() = t("write_another")
    open val submitFailed get() = t("submit_failed")

    /** A required field's label. */
    open fun required(label: String) = t("required", label)

    /** Under a required field left empty. */
    open val fieldRequired get() = t("field_required")

    // Tickets
    open val tickets get() = t("tickets")
    open val noTickets get() = t("no_tickets")
    open val refresh get() = t("refresh")
    open val refreshFailed get() = t("refresh_failed")
    open val unread get() = t("unread")
    open val replyHint get() = t("reply_hint")
    open val solve get() = t("solve")
    open val rateQuestion get() = t("rate_question")
    open val rateGood get() = t("rate_good")
    open val rateBad get() = t("rate_bad")
    open val ticketRemoved get() = t("ticket_removed")
    open fun status(status: TicketStatus) = when (status) {
        TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.UNKNOWN -> t("status_open")
        TicketStatus.PENDING -> t("status_pending")
        TicketStatus.HOLD -> t("status_hold")
        TicketStatus.SOLVED -> t("status_solved")
        TicketStatus.CLOSED -> t("status_closed")
    }
    open fun rated(good: Boolean) = if (good) t("rated_good") else t("rated_bad")

    // Support home
    /** The home's title when the helpdesk sets no greeting. */
    open val homeTitle get() = t("home_title")
    open val helpCenter get() = t("help_center")
    open val contactUs get() = t("contact_us")
    open val chat get() = t("chat")
    open val signInFirst get() = t("sign_in_first")
    open val promotedArticles get() = t("promoted_articles")
    open val openTickets get() = t("open_tickets")
    open fun unreadCount(count: Int) = table.plural("helpline_unread_count", count, count)
    open val close get() = t("close")

    /** The title of all of support (`HelplineSupport`'s top bar on its home). */
    open val support get() = t("support")

    // Help center
    open val back get() = t("back")
    open val searchHint get() = t("search_hint")
    open val noResults get() = t("no_results")

    /** Where search results came from: the device's index or the helpdesk's search. */
    open fun resultsFrom(online: Boolean) = if (online) t("results_online") else t("results_device")
    open val helpCenterOff get() = t("help_center_off")
    open val helpCenterFailed get() = t("help_center_failed")
    open val articleUnavailable get() = t("article_unavailable")
    open val helpfulQuestion get() = t("helpful_question")
    open val helpfulYes get() = t("helpful_yes")
    open val helpfulNo get() = t("helpful_no")
    open val voted get() = t("voted")

    // Rating prompt
    open val ratingTitle get() = t("rating_title")
    open val ratingMessage get() = t("rating_message")
    open val ratingRate get() = t("rating_rate")
    open val ratingLater get() = t("rating_later")
    open val ratingNever get() = t("rating_never")
    open val ratingFeedback get() = t("rating_feedback")
    open val ratingFeedbackHint get() = t("rating_feedback_hint")
    open val ratingFeedbackSend get() = t("rating_feedback_send")
    open val ratingFeedbackSent get() = t("rating_feedback_sent")
    open val ratingFeedbackFailed get() = t("rating_feedback_failed")
}

/** The texts of the screens below; [HelplineTheme] provides them. */
val LocalStrings = staticCompositionLocalOf<Strings> { error("Helpline screens need a HelplineTheme around them") }
