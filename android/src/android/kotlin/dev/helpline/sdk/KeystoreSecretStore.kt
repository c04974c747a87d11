// Android-only code (the `android` source set of the Gradle module): not compiled by
// tests/kotlin, which runs on a desktop JVM.

package dev.helpline.sdk

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyStore
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The SDK's credentials (access token, install id) encrypted with an AES-256-GCM key that
 * lives in the Android Keystore and never leaves it; the ciphertexts sit in the app's private
 * preferences. A backup restored on another device brings ciphertexts whose key stayed
 * behind: they read as absent (and are removed), so the SDK starts there as a new install.
 *
 * `Helpline.openWithSecretStore(androidConfig(...), KeystoreSecretStore(context))`
 */
class KeystoreSecretStore(context: Context) : SecretStore {
    private val preferences = context.applicationContext
        .getSharedPreferences("dev.helpline.secrets", Context.MODE_PRIVATE)

    override fun get(key: String): String? = guarded {
        val stored = preferences.getString(key, null) ?: return@guarded null
        val bytes = Base64.decode(stored, Base64.NO_WRAP)
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES))
        try {
            String(cipher.doFinal(bytes, IV_BYTES, bytes.size - IV_BYTES), Charsets.UTF_8)
        } catch (_: AEADBadTagException) {
            preferences.edit().remove(key).commit()
            null
        }
    }

    override fun set(key: String, value: String) = guarded {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key())
        val sealed = cipher.iv + cipher.doFinal(value.toByteArray(Charsets.UTF_8))
        check(preferences.edit().putString(key, Base64.encodeToString(sealed, Base64.NO_WRAP)).commit()) {
            "preferences not written"
        }
    }

    override fun delete(key: String) = guarded {
        check(preferences.edit().remove(key).commit()) { "preferences not written" }
    }

    /** The Keystore key, made on first use. */
    private fun key(): SecretKey {
        val keyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }
        (keyStore.getKey(ALIAS, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return generator.generateKey()
    }

    /** Any failure reaches the SDK as its typed error, which fails the call that needed it. */
    private inline fun <T> guarded(block: () -> T): T =
        try {
            block()
        } catch (e: Exception) {
            throw SecretStoreException.Failed("Android Keystore: $e")
        }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val ALIAS = "dev.helpline.secrets"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
