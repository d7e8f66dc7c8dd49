package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.kontrast.dsl.builder.experiment

/** The same recipe, run twice with the same threads, gives the same loss curve bit for bit (CPU). */
class ReproducibilityTest {
    @TempDir
    lateinit var tmp: Path

    @BeforeEach
    fun data() = TinyFashionMnist.use(tmp, 256, 64, 3)

    @AfterEach
    fun clear() = TinyFashionMnist.clear()

    @Test
    fun `two runs of one recipe log identical losses`() {
        val recipe = experiment("repeat") {
            views { twoViews { randomResizedCrop(scale = 0.3..1.0); horizontalFlip(); colorJitter(0.4, 0.4, 0.0, 0.0) } }
            encoder { convNet(width = 16, depth = 3) }
            head { projection(16, 16) }
            train { epochs = 2; batchSize = 32; seed = 11; threads = 2; logEverySteps = 1 }
            eval { linearProbe(listOf(1e-3), 20); everyEpochs = 0; monitorTrainSize = 0; baselines = false }
        }
        fun losses(out: Path): List<String> = Files.readAllLines(RecipeRunner(recipe).run(out).directory.resolve("metrics.jsonl"))
            .filter { it.contains("\"event\":\"step\"") }
            .map { Regex("\"loss\":([^,]+)").find(it)!!.groupValues[1] }
        val first = losses(tmp.resolve("a"))
        assertTrue(first.size == 16, "steps logged: ${first.size}")
        assertEquals(first, losses(tmp.resolve("b")))
    }
}
