package dev.helpline.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.saveable.Saver
import androidx.compose.runtime.saveable.rememberSaveable

/** A place in [HelplineSupport]. Each is written as a short path, so the stack survives process death. */
sealed class SupportDestination(internal val path: String) {
    data object Home : SupportDestination("home")
    /** The help center, at an article when [articleId] is set. */
    data class HelpCenter(val articleId: Long? = null) : SupportDestination(if (articleId == null) "help" else "help/$articleId")
    data object Contact : SupportDestination("contact")
    data object Tickets : SupportDestination("tickets")
    data class Ticket(val ticketId: String) : SupportDestination("ticket/$ticketId")
    data object Chat : SupportDestination("chat")

    internal companion object {
        fun parse(path: String): SupportDestination? = when {
            path == "home" -> Home
            path == "help" -> HelpCenter()
            path.startsWith("help/") -> path.removePrefix("help/").toLongOrNull()?.let { HelpCenter(it) }
            path == "contact" -> Contact
            path == "tickets" -> Tickets
            path.startsWith("ticket/") -> Ticket(path.removePrefix("ticket/"))
            path == "chat" -> Chat
            else -> null
        }
    }
}

/** Where the user is in [HelplineSupport]: a stack, its top shown. The app's back button pops it. */
class SupportNavigation internal constructor(start: List<SupportDestination>) {
    private val stack = mutableStateListOf(*start.toTypedArray())

    val current: SupportDestination get() = stack.last()
    val canGoBack: Boolean get() = stack.size > 1

    fun open(destination: SupportDestination) {
        if (destination != current) stack.add(destination)
    }

    /** Goes back one place; false when already at the first. */
    fun back(): Boolean = canGoBack.also { if (it) stack.removeAt(stack.lastIndex) }

    internal val paths: List<String> get() = stack.map { it.path }
}

/** A [SupportNavigation] starting at [start], kept across configuration changes and process death. */
@Composable
fun rememberSupportNavigation(start: SupportDestination = SupportDestination.Home): SupportNavigation =
    rememberSaveable(saver = Saver(save = { it.paths }, restore = { paths ->
        SupportNavigation(paths.mapNotNull(SupportDestination::parse).ifEmpty { listOf(start) })
    })) { SupportNavigation(listOf(start)) }
