package dev.helpline.example

import android.app.Application
import dev.helpline.core.Identity
import dev.helpline.sdk.Helpline
import dev.helpline.sdk.androidConfig
import dev.helpline.ui.HelplineSupportActivity
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/** The helpdesk this app talks to: yours, or the reference server's (`--dev` serves plain HTTP). */
private const val HELPDESK_URL = "https://support.example.com"

/** Opens the one Helpline of the app, for as long as the process lives. */
class ExampleApp : Application() {
    lateinit var helpline: Helpline
        private set

    private val appScope = CoroutineScope(SupervisorJob() + Dispatchers.Main)

    override fun onCreate() {
        super.onCreate()
        // Never waits on the network: offline, the screens show what the device keeps.
        helpline = Helpline.open(androidConfig(this, HELPDESK_URL, "example-app", "example-client"))
        // After Android killed the process, the support screen comes back where it was.
        HelplineSupportActivity.helpline = helpline
        appScope.launch { helpline.setIdentity(Identity.Anonymous(name = null, email = null)) }
    }
}
