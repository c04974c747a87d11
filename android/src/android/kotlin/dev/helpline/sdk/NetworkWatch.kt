// Android-only (see AndroidSupport.kt).

package dev.helpline.sdk

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import android.net.NetworkCapabilities
import android.net.NetworkRequest
import dev.helpline.core.HelplineException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch

/**
 * Sends the outbox as soon as the device is online again, rather than at the outbox's next
 * retry (which backs off to minutes): writes made offline show sent when the user is back.
 * Needs `ACCESS_NETWORK_STATE` (the SDK's manifest asks for it). Close it to stop watching;
 * the kit's support Activity watches while it is shown.
 */
fun Helpline.flushWhenOnline(context: Context): AutoCloseable {
    val manager = context.getSystemService(ConnectivityManager::class.java)
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    val callback = object : ConnectivityManager.NetworkCallback() {
        override fun onAvailable(network: Network) {
            scope.launch {
                try {
                    flushOutbox()
                } catch (_: HelplineException) {
                    // Still unreachable: the outbox tries again by itself.
                }
            }
        }
    }
    val request = NetworkRequest.Builder().addCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET).build()
    manager.registerNetworkCallback(request, callback)
    return AutoCloseable {
        manager.unregisterNetworkCallback(callback)
        scope.cancel()
    }
}
