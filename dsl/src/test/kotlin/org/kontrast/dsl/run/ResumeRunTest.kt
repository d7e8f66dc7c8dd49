package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.dsl.builder.experiment
import org.kontrast.train.CheckpointState
import org.kontrast.train.TrainingListener

/** `resume` in process: a run stopped after a checkpoint and resumed ends as an uninterrupted one; what it refuses. */
class ResumeRunTest {
    @TempDir
    lateinit var tmp: Path

    @BeforeEach
    fun data() = TinyFashionMnist.use(tmp, 192, 64, 5)

    @AfterEach
    fun clear() = TinyFashionMnist.clear()

    private val recipe = experiment("resumable") {
        views { twoViews { randomResizedCrop(scale = 0.3..1.0); horizontalFlip(); colorJitter(0.4, 0.4, 0.0, 0.0) } }
        encoder { convNet(width = 8, depth = 2) }
        head { projection(8, 8) }
        optimizer { adam(2e-3) }
        train { epochs = 3; batchSize = 32; seed = 3; threads = 2; logEverySteps = 1; checkpointEverySteps = 4 }
        eval { linearProbe(listOf(1e-3), 20); everyEpochs = 1; monitorTrainSize = 64 }
    }

    private class Crash : RuntimeException("simulated crash")

    /** Runs the recipe and "crashes" right after the checkpoint of [step]. */
    private fun runUntil(step: Long): Path {
        val out = tmp.resolve("stopped")
        val stop = object : TrainingListener {
            override fun onCheckpoint(state: CheckpointState) {
                if (state.step() == step) throw Crash()
            }
        }
        assertThrows<Crash> { RecipeRunner(recipe, listOf(stop)).run(out) }
        return Files.list(out).use { s -> s.filter { !it.fileName.toString().startsWith(".") }.toList() }.single()
    }

    private fun status(dir: Path) = Json.parseToJsonElement(Files.readString(dir.resolve("run.json"))).jsonObject["status"]!!.jsonPrimitive.content

    @Test
    fun `a run stopped mid-epoch and resumed ends bit-identical to an uninterrupted run`() {
        val whole = RecipeRunner(recipe).run(tmp.resolve("whole")).directory
        // 6 steps an epoch: step 8 is in the middle of the second.
        val dir = runUntil(8)
        assertEquals("failed", status(dir))
        val log = mutableListOf<String>()
        val result = RecipeRunner.resume(dir) { log += it }!!
        assertTrue(log.any { it.contains("at step 8 (epoch 2, batch 2)") }, log.toString())
        assertEquals("completed", status(dir))
        assertEquals(RunOutcome.of(whole), RunOutcome.of(dir))
        assertEquals(result.metrics["linear_probe.test_accuracy"], RunOutcome.of(whole).accuracies["linear_probe.test_accuracy"]?.toDouble())
        // A completed run has nothing left to do.
        assertNull(RecipeRunner.resume(dir))
    }

    @Test
    fun `a damaged newest checkpoint is skipped with a message and the run still ends identical`() {
        val whole = RecipeRunner(recipe).run(tmp.resolve("whole")).directory
        val dir = runUntil(12)
        val newest = dir.resolve("checkpoints/step-0000000012")
        val data = Files.list(newest).use { s -> s.filter { it.fileName.toString().contains(".data-") }.toList() }.single()
        Files.write(data, Files.readAllBytes(data).also { it[it.size / 3] = (it[it.size / 3] + 1).toByte() })
        val log = mutableListOf<String>()
        RecipeRunner.resume(dir) { log += it }
        assertTrue(log.any { it.contains("Skipping checkpoints/step-0000000012") && it.contains("checksum") }, log.toString())
        assertTrue(log.any { it.contains("at step 8") }, log.toString())
        assertEquals(RunOutcome.of(whole), RunOutcome.of(dir))
    }

    @Test
    fun `an edited recipe is refused, and so is a run another process holds`() {
        val dir = runUntil(4)
        RunLock.acquire(dir, "kontrast test").use {
            val busy = assertThrows<RunException> { RecipeRunner.resume(dir) }
            assertTrue(busy.message!!.contains("is in use by process ${ProcessHandle.current().pid()}"), busy.message)
        }
        val recipeFile = dir.resolve("recipe.json")
        Files.writeString(recipeFile, Files.readString(recipeFile).replace("\"epochs\": 3", "\"epochs\": 4"))
        val edited = assertThrows<RunException> { RecipeRunner.resume(dir) }
        assertTrue(edited.message!!.contains("recipe.json: its sha256") && edited.message!!.contains("resume continues only"), edited.message)
        assertEquals("failed", status(dir))
    }

    @Test
    fun `a run killed before its first checkpoint starts again from step 0`() {
        val whole = RecipeRunner(recipe).run(tmp.resolve("whole")).directory
        val dir = runUntil(4)
        Files.list(dir.resolve("checkpoints")).use { s -> s.toList() }.forEach { it.toFile().deleteRecursively() }
        val log = mutableListOf<String>()
        RecipeRunner.resume(dir) { log += it }
        assertTrue(log.any { it.contains("training starts again from step 0") }, log.toString())
        assertEquals(RunOutcome.of(whole), RunOutcome.of(dir))
    }

    @Test
    fun `a checkpoint that cannot be written fails the run with the reason and loses nothing before it`() {
        val whole = RecipeRunner(recipe).run(tmp.resolve("whole")).directory
        val out = tmp.resolve("blocked")
        // After step 4's checkpoint, checkpoints/ stops being writable: its place is taken by a plain file.
        val block = object : TrainingListener {
            override fun onCheckpoint(state: CheckpointState) {
                if (state.step() != 4L) return
                val dir = state.directory().parent
                Files.move(dir, dir.resolveSibling("checkpoints.saved"))
                Files.writeString(dir, "in the way")
            }
        }
        val error = assertThrows<java.io.UncheckedIOException> { RecipeRunner(recipe, listOf(block)).run(out) }
        assertTrue(error.message!!.contains("could not write checkpoint") && error.message!!.contains("the earlier checkpoints are intact"),
            error.message)
        val dir = Files.list(out).use { s -> s.filter { !it.fileName.toString().startsWith(".") }.toList() }.single()
        assertEquals("failed", status(dir))
        assertTrue(Files.readString(dir.resolve("run.json")).contains("could not write checkpoint"))
        // Once the disk is writable again, the run continues from what it had.
        Files.delete(dir.resolve("checkpoints"))
        Files.move(dir.resolve("checkpoints.saved"), dir.resolve("checkpoints"))
        RecipeRunner.resume(dir)
        assertEquals(RunOutcome.of(whole), RunOutcome.of(dir))
    }

    @Test
    fun `a run whose loss turns to NaN fails naming the step and keeps its checkpoints intact`() {
        // A learning rate of 1e30 throws the weights to 1e30 at the first step; the second step's loss is not finite.
        val wild = recipe.copy(optimizer = org.kontrast.dsl.recipe.OptimizerSpec.Adam(lr = 1e30))
        val out = tmp.resolve("wild")
        val error = assertThrows<org.kontrast.train.TrainingDivergedException> { RecipeRunner(wild).run(out) }
        assertTrue(error.message!!.startsWith("training diverged at step ${error.step()}: "), error.message)
        val dir = Files.list(out).use { s -> s.filter { !it.fileName.toString().startsWith(".") }.toList() }.single()
        assertEquals("failed", status(dir))
        assertTrue(Files.readString(dir.resolve("run.json")).contains("training diverged at step ${error.step()}"))
        val kept = org.kontrast.train.CheckpointStore(dir.resolve("checkpoints"), 2, null).newestValid { fail("damaged: $it") }
        kept.ifPresent { assertTrue(it.step() <= error.step(), "a checkpoint after the failure: ${it.step()}") }
    }
}
