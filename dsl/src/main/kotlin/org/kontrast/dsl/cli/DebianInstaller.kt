package org.kontrast.dsl.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Installs a Debian package when the process may: root, apt-get present. */
object DebianInstaller {
    private const val TIMEOUT_MINUTES = 10L

    fun canInstall(): Boolean = Files.isExecutable(Path.of("/usr/bin/apt-get")) && isRoot()

    private fun isRoot(): Boolean = try {
        val p = ProcessBuilder("id", "-u").start()
        p.inputStream.bufferedReader().readText().trim() == "0"
    } catch (e: Exception) {
        false
    }

    /** apt-get update, then install; true when the package is installed. The output goes to the terminal. */
    fun install(pkg: String): Boolean = run("apt-get", "update", "-qq") && run("apt-get", "install", "-y", "-qq", pkg)

    private fun run(vararg cmd: String): Boolean = try {
        val p = ProcessBuilder(*cmd).inheritIO().apply { environment()["DEBIAN_FRONTEND"] = "noninteractive" }.start()
        p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) && p.exitValue() == 0
    } catch (e: Exception) {
        false
    }
}
