package dev.helpline.tests

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.io.TempDir

/**
 * What every test class shares: one reference server per class, a fresh data directory per
 * test, and the SDK objects a test opened, closed after it (newest first).
 */
abstract class ReferenceServerTest {
    companion object {
        lateinit var server: ReferenceServer

        @BeforeAll
        @JvmStatic
        fun startServer() {
            server = ReferenceServer.start(Files.createTempDirectory("helpline-server"))
        }

        @AfterAll
        @JvmStatic
        fun stopServer() = server.close()
    }

    @TempDir
    lateinit var dir: Path

    protected val opened = mutableListOf<AutoCloseable>()

    @AfterEach
    fun closeEverything() = opened.reversed().forEach { it.close() }
}
