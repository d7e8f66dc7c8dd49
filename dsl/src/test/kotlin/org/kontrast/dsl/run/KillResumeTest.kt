package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.kontrast.datasets.IdxFiles
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.RecipeJson

/**
 * Starts real `kontrast run` processes, kills them with SIGKILL at random moments
 * (during start-up, baselines, steps, checkpoint writes, evaluations), then
 * `kontrast resume`s them, itself killed at random too, until each run completes;
 * every completed run must equal an uninterrupted run bit for bit.
 * Run more with -Dkontrast.kill.cycles=100.
 */
class KillResumeTest {
    @TempDir
    lateinit var tmp: Path

    private val cycles = System.getProperty("kontrast.kill.cycles")?.toInt() ?: 4
    private val random = Random(System.getProperty("kontrast.kill.seed")?.toLong() ?: 20261123L)

    private val recipe = experiment("killable") {
        views { twoViews { randomResizedCrop(scale = 0.3..1.0); horizontalFlip(); colorJitter(0.4, 0.4, 0.0, 0.0) } }
        encoder { convNet(width = 8, depth = 2) }
        head { projection(8, 8) }
        optimizer { adam(2e-3) }
        train { epochs = 4; batchSize = 32; seed = 5; threads = 2; logEverySteps = 1; checkpointEverySteps = 1 }
        eval { linearProbe(listOf(1e-3), 20); everyEpochs = 1; monitorTrainSize = 64 }
    }

    private lateinit var data: Path

    private fun start(vararg args: String): Process {
        val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val command = listOf(java, "-cp", classpath, "-Dkontrast.data.fashionMnist=$data", "org.kontrast.dsl.cli.Main") + args
        return ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("last-output.txt").toFile()).start()
    }

    private fun finish(p: Process): Int {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "process did not end")
        return p.exitValue()
    }

    private fun runDirectories(out: Path): List<Path> = if (!Files.isDirectory(out)) emptyList() else
        Files.list(out).use { s -> s.filter { !it.fileName.toString().startsWith(".") }.toList() }

    private fun resumedAt(log: String): String? = Regex("Resuming \\S+ at step (\\d+)").find(log)?.groupValues?.get(1)
        ?: if (log.contains("training starts again from step 0")) "0" else null

    @Test
    fun `runs killed at random moments and resumed end bit-identical to an uninterrupted run`() {
        data = Files.createDirectories(tmp.resolve("data"))
        IdxFiles.writeSplit(data, 384, 128, 16, 9)
        val recipeFile = tmp.resolve("killable.json")
        Files.writeString(recipeFile, RecipeJson.toJson(recipe))

        val t0 = System.nanoTime()
        assertEquals(0, finish(start("run", recipeFile.toString(), "--out", tmp.resolve("reference").toString())),
            Files.readString(tmp.resolve("last-output.txt")))
        val fullSeconds = (System.nanoTime() - t0) / 1e9
        val expected = RunOutcome.of(runDirectories(tmp.resolve("reference")).single())

        var kills = 0
        var midCheckpoint = 0
        var runs = 0
        val resumedFrom = mutableListOf<String>()
        while (kills < cycles) {
            val out = tmp.resolve("trial-${runs++}")
            var process = start("run", recipeFile.toString(), "--out", out.toString())
            while (true) {
                val killNow = kills < cycles
                if (killNow) {
                    // Spread over the whole run: the k-th kill falls in quarter k mod 4 of an uninterrupted run's time.
                    Thread.sleep((((kills % 4) + random.nextDouble()) / 4 * fullSeconds * 1000).toLong())
                }
                if (killNow && process.isAlive) {
                    process.destroyForcibly()
                    finish(process)
                    kills++
                    resumedAt(Files.readString(tmp.resolve("last-output.txt")))?.let { resumedFrom += it }
                    val dirs = runDirectories(out)
                    if (dirs.isEmpty()) {
                        // Killed before the run directory was renamed into place: nothing to resume; start again.
                        process = start("run", recipeFile.toString(), "--out", out.toString())
                        continue
                    }
                    val dir = dirs.single()
                    Json.parseToJsonElement(Files.readString(dir.resolve("run.json"))).jsonObject
                    if (Files.list(dir.resolve("checkpoints").takeIf { Files.isDirectory(it) } ?: dir).use { s ->
                            s.anyMatch { it.fileName.toString().startsWith(".tmp-") } }) midCheckpoint++
                    process = start("resume", dir.toString())
                    continue
                }
                val code = finish(process)
                val log = Files.readString(tmp.resolve("last-output.txt"))
                if (code != 0) fail<Unit>("exit $code: $log")
                resumedAt(log)?.let { resumedFrom += it }
                break
            }
            val dir = runDirectories(out).single()
            val got = RunOutcome.of(dir)
            assertEquals("", expected.differences(got), "run ${dir.fileName} after its kills differs from the uninterrupted run")
        }
        println("kill/resume: $kills kills over $runs runs ($midCheckpoint during a checkpoint write), " +
            "resumed from steps $resumedFrom; every run ended bit-identical to the uninterrupted one (%.1f s each)".format(fullSeconds))
    }
}
