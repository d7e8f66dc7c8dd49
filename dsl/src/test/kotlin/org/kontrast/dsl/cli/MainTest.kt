package org.kontrast.dsl.cli

import java.io.PrintWriter
import java.io.StringWriter
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

class MainTest {
    private fun run(vararg args: String): Pair<Int, String> {
        val err = StringWriter()
        val cmd = Main.commandLine().also { it.err = PrintWriter(err, true) }
        return cmd.execute(*args) to err.toString()
    }

    @Test
    fun `a missing recipe is one clear line, no stack trace`(@TempDir dir: Path) {
        val (code, err) = run("run", dir.resolve("missing.json").toString())
        assertEquals(2, code)
        assertEquals("kontrast: ${dir.resolve("missing.json")}: recipe file not found", err.trim())
    }

    @Test
    fun `an invalid field names its path`(@TempDir dir: Path) {
        val f = Files.writeString(dir.resolve("r.json"), """{"schemaVersion":1,"name":"x","train":{"batchSize":1}}""")
        val (code, err) = run("run", f.toString(), "--out", dir.resolve("runs").toString())
        assertEquals(2, code)
        assertEquals("kontrast: train: batchSize must be >= 2 (a contrastive batch needs negatives), got 1", err.trim())
        assertTrue(!Files.exists(dir.resolve("runs")), "no run directory for an invalid recipe")
    }

    @Test
    fun `eval of a directory that is not a run says so`(@TempDir dir: Path) {
        val (code, err) = run("eval", dir.toString())
        assertEquals(2, code)
        assertEquals("kontrast: $dir: not a run directory (no run.json)", err.trim())
    }
}
