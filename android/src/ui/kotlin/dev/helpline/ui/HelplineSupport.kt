package dev.helpline.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.SideEffect
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveableStateHolder
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.chatScreen
import dev.helpline.sdk.ticketScreen

/**
 * All of support in one composable: the support home, and from it the help center, the contact
 * form, the user's requests and the chat, with a top bar to go back. [onClose] is called by the
 * close button on the home (none without it). What `Helpline.showSupport(context)` shows on
 * Android; apps with their own navigation embed the single screens instead.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun HelplineSupport(
    helpline: Helpline,
    modifier: Modifier = Modifier,
    navigation: SupportNavigation = rememberSupportNavigation(),
    onClose: (() -> Unit)? = null,
) {
    val strings = LocalStrings.current
    val destination = navigation.current
    val saved = rememberSaveableStateHolder()
    Surface(modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        Column(Modifier.fillMaxSize().safeDrawingPadding()) {
            // The help center has its own header: its back arrow closes what is open in it, then leaves.
            if (destination !is SupportDestination.HelpCenter) {
                TopAppBar(
                    title = { Text(title(destination, strings), maxLines = 1, overflow = TextOverflow.Ellipsis) },
                    navigationIcon = {
                        when {
                            navigation.canGoBack -> IconButton(onClick = { navigation.back() }) {
                                Icon(HelplineIcons.Back, contentDescription = strings.back)
                            }
                            onClose != null -> IconButton(onClick = onClose) { Icon(HelplineIcons.Close, contentDescription = strings.close) }
                        }
                    },
                )
            }
            saved.SaveableStateProvider(destination.path) {
                Destination(helpline, destination, navigation)
            }
            // A place left by going back opens afresh next time (scroll, fields), as on Android.
            // After the left place's own disposal, which saves its state.
            val shown = navigation.paths.toSet()
            val kept = remember { mutableSetOf<String>() }
            SideEffect {
                (kept - shown).forEach(saved::removeState)
                kept.retainAll(shown)
                kept += shown
            }
        }
    }
}

/** One place: its screen object made for as long as it shows, closed when it goes. */
@Composable
private fun Destination(helpline: Helpline, destination: SupportDestination, navigation: SupportNavigation) {
    val go = navigation::open
    when (destination) {
        SupportDestination.Home -> {
            val home = rememberClosing(destination) { helpline.supportHome() }
            HelplineSupportHome(
                home,
                onHelpCenter = { go(SupportDestination.HelpCenter()) },
                onContact = { go(SupportDestination.Contact) },
                onTickets = { go(SupportDestination.Tickets) },
                onChat = { go(SupportDestination.Chat) },
                onArticle = { go(SupportDestination.HelpCenter(it)) },
                onTicket = { go(SupportDestination.Ticket(it)) },
            )
        }
        is SupportDestination.HelpCenter -> {
            val screen = rememberClosing(destination) { helpline.helpCenterScreen() }
            LaunchedEffect(screen) { destination.articleId?.let { quietly { screen.openArticle(it) } } }
            HelplineHelpCenter(screen, onLeave = { navigation.back() })
        }
        SupportDestination.Contact -> HelplineContactForm(rememberClosing(destination) { helpline.contactForm() }, Modifier.imePadding())
        SupportDestination.Tickets -> HelplineTicketList(rememberClosing(destination) { helpline.ticketListScreen() }, onOpen = { go(SupportDestination.Ticket(it)) })
        is SupportDestination.Ticket -> HelplineTicket(rememberClosing(destination) { helpline.ticketScreen(destination.ticketId) }, Modifier.imePadding())
        SupportDestination.Chat -> HelplineChat(
            rememberClosing(destination) { helpline.chatScreen() },
            Modifier.imePadding(),
            onOpenArticle = { go(SupportDestination.HelpCenter(it.id)) },
        )
    }
}

/** A screen object made once for [key] and closed when it leaves the composition. */
@Composable
private fun <T : AutoCloseable> rememberClosing(key: Any, make: () -> T): T {
    val value = remember(key) { make() }
    DisposableEffect(value) { onDispose { value.close() } }
    return value
}

/** The top bar's title, for the screens without a heading of their own (the list and a ticket have). */
private fun title(destination: SupportDestination, strings: Strings): String = when (destination) {
    SupportDestination.Home -> strings.support
    is SupportDestination.HelpCenter -> strings.helpCenter // (its own header shows instead)
    SupportDestination.Contact -> strings.contactUs
    SupportDestination.Tickets, is SupportDestination.Ticket -> ""
    SupportDestination.Chat -> strings.chat
}
