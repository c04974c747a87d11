package dev.helpline.ui

import android.content.Context
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.platform.LocalContext
import java.util.Locale

/** The kit's texts from the app's resources, in the configuration's language; re-read when it changes. */
@Composable
fun platformStrings(): Strings {
    val context = LocalContext.current
    val configuration = LocalConfiguration.current
    return remember(context, configuration) { Strings(AndroidStringTable(context)) }
}

/**
 * Android's resources by name. The names are looked up at run time, so res/raw/helpline_keep.xml
 * keeps them through resource shrinking; an app's own `helpline_*` strings win over the kit's.
 */
class AndroidStringTable(private val context: Context) : StringTable {
    override val locale: Locale get() = context.resources.configuration.locales[0]

    override fun text(name: String, vararg args: Any): String =
        context.getString(id(name, "string"), *args)

    override fun plural(name: String, count: Int, vararg args: Any): String =
        context.resources.getQuantityString(id(name, "plurals"), count, *args)

    /** Resource ids by name, looked up once: screens read their texts on every recomposition. */
    private val ids = java.util.concurrent.ConcurrentHashMap<String, Int>()

    private fun id(name: String, type: String): Int = ids.getOrPut("$type/$name") {
        context.resources.getIdentifier(name, type, context.packageName).also {
            check(it != 0) { "Helpline's $type resource $name is missing" }
        }
    }
}
