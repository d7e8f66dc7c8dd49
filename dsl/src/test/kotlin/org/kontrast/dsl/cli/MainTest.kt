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

    @Test
    fun `resume of a directory that is not a run, and run into an output that is a file, say so`(@TempDir dir: Path) {
        assertEquals(2 to "kontrast: $dir: not a run directory (no run.json)", run("resume", dir.toString()).let { it.first to it.second.trim() })
        assertEquals(2 to "kontrast: ${dir.resolve("nowhere")}: no such run directory",
            run("resume", dir.resolve("nowhere").toString()).let { it.first to it.second.trim() })
        val file = Files.writeString(dir.resolve("a-file"), "x")
        // Refused before any data is read: the default data set need not be installed.
        val (code, err) = run("run", "../recipes/quickstart.json", "--out", file.toString())
        assertEquals(2, code)
        assertTrue(err.startsWith("kontrast: --out $file: cannot create the output directory"), err)
        assertEquals("x", Files.readString(file))
    }

    private fun runOut(vararg args: String): Triple<Int, String, String> {
        val out = StringWriter()
        val err = StringWriter()
        val cmd = Main.commandLine().also { it.out = PrintWriter(out, true); it.err = PrintWriter(err, true) }
        val old = System.out
        val captured = java.io.ByteArrayOutputStream()
        System.setOut(java.io.PrintStream(captured, true))
        try {
            val code = cmd.execute(*args)
            return Triple(code, captured.toString() + out.toString(), err.toString())
        } finally {
            System.setOut(old)
        }
    }

    @Test
    fun `validate reports every recipe and fails on a bad one`(@TempDir dir: Path) {
        val good = Files.writeString(dir.resolve("good.json"), """{"schemaVersion":1,"name":"g"}""")
        val bad = Files.writeString(dir.resolve("bad.json"), """{"schemaVersion":1,"name":"b","encoder":{"type":"resnet19"}}""")
        val (code, out, _) = runOut("validate", good.toString(), bad.toString())
        assertEquals(1, code)
        assertTrue(out.contains("ok      $good"), out)
        assertTrue(out.contains("invalid $bad: encoder.type: unknown \"resnet19\" (did you mean \"resNet18\"?)"), out)
    }

    @Test
    fun `new writes all defaults, show prints the hash, diff lists changed paths`(@TempDir dir: Path) {
        val a = dir.resolve("a.json")
        assertEquals(0, runOut("new", "simclr", "--out", a.toString()).first)
        val (_, shown, _) = runOut("show", a.toString())
        assertTrue(shown.contains("\"temperature\": 0.1") && Regex("sha256 [0-9a-f]{64}").containsMatchIn(shown), shown)
        val b = Files.writeString(dir.resolve("b.json"), Files.readString(a).replace("\"epochs\": 10", "\"epochs\": 3"))
        val (code, diff, _) = runOut("diff", a.toString(), b.toString())
        assertEquals(0, code)
        assertEquals("train.epochs: 10 -> 3", diff.trim())
        assertEquals(2, runOut("new", "simclr", "--out", a.toString()).first, "new never overwrites")
    }

    @Test
    fun `doctor lists versions, the natives and the CPU device, and says why there is no GPU`() {
        val (code, out, _) = runOut("doctor")
        assertEquals(0, code, out)
        for (label in listOf("kontrast:", "java:", "tensorflow:", "natives:", "oneDNN:", "threads:", "cpu:")) {
            assertTrue(out.lines().any { it.startsWith(label) }, "$label missing in\n$out")
        }
        assertTrue(out.contains("device:      /job:localhost/replica:0/task:0/device:CPU:0 (CPU"), out)
        assertTrue(out.contains("gpu:         none: no GPU natives on the classpath"), out)
    }

    @Test
    fun `a recipe asking for an absent GPU stops before any run directory exists`(@TempDir dir: Path) {
        val recipe = dir.resolve("gpu.json")
        java.nio.file.Files.writeString(recipe, """{"schemaVersion": 1, "name": "gpu", "runtime": {"device": "gpu:0"}}""")
        val (code, _, err) = runOut("run", recipe.toString(), "--out", dir.resolve("runs").toString())
        assertEquals(2, code, err)
        assertTrue(err.contains("runtime.device: gpu:0 was asked for, but TensorFlow sees no GPU"), err)
        assertTrue(!java.nio.file.Files.exists(dir.resolve("runs")) ||
            java.nio.file.Files.list(dir.resolve("runs")).use { it.count() } == 0L, "a run directory was created")
        val mixed = Files.writeString(dir.resolve("mixed.json"), """{"schemaVersion": 1, "name": "mixed", "runtime": {"device": "cpu", "precision": "mixed"}}""")
        val (mcode, _, merr) = runOut("run", mixed.toString(), "--out", dir.resolve("runs").toString())
        assertEquals(2, mcode, merr)
        if (!org.kontrast.runtime.CpuInfo.bfloat16()) {
            assertTrue(merr.contains("runtime.precision: \"mixed\" on the CPU needs bfloat16 instructions (avx512_bf16 or amx_bf16)"), merr)
        }
        val bad = Files.writeString(dir.resolve("bad.json"), """{"schemaVersion": 1, "name": "bad", "runtime": {"device": "tpu:0", "precision": "half"}}""")
        val (vcode, vout, _) = runOut("validate", bad.toString())
        assertEquals(1, vcode)
        assertTrue(vout.contains("runtime.device: expected auto, cpu or gpu:N, got \"tpu:0\""), vout)
        val half = Files.writeString(dir.resolve("half.json"), """{"schemaVersion": 1, "name": "half", "runtime": {"precision": "half"}}""")
        assertTrue(runOut("validate", half.toString()).second.contains("runtime.precision: expected float32 or mixed, got \"half\""))
    }

    @Test
    fun `prepare builds Colored-MNIST from MNIST files and refuses an unknown name`(@TempDir dir: Path) {
        val mnist = Files.createDirectories(dir.resolve("mnist"))
        org.kontrast.datasets.IdxFiles.writeSplit(mnist, 6, 4, 28, 3)
        System.setProperty("kontrast.data.mnist", mnist.toString())
        System.setProperty("kontrast.data.coloredMnist", dir.resolve("colored").toString())
        try {
            val (code, out, _) = runOut("prepare", "coloredMnist")
            assertEquals(0, code)
            assertTrue(out.contains("coloredMnist: 6 train and 4 test images of 64x64x3"), out)
            val (bad, err) = run("prepare", "cifar")
            assertEquals(2, bad)
            assertTrue(err.startsWith("kontrast: unknown dataset \"cifar\" (known: "), err)
        } finally {
            System.clearProperty("kontrast.data.mnist")
            System.clearProperty("kontrast.data.coloredMnist")
        }
    }
}
