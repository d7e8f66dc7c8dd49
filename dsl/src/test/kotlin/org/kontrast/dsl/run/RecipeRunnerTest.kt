package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.datasets.DatasetNotInstalledException
import org.kontrast.datasets.IdxFiles
import org.kontrast.dsl.recipe.DataSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.EvalSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.ProbeSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.recipe.TrainSpec

/** A whole run on a tiny Fashion-MNIST-shaped set the test writes. */
class RecipeRunnerTest {
    @TempDir
    lateinit var tmp: Path

    private val property = "kontrast.data.fashionMnist"

    @BeforeEach
    fun data() {
        val dir = Files.createDirectories(tmp.resolve("data"))
        IdxFiles.writeSplit(dir, 384, 128, 16, 7)
        System.setProperty(property, dir.toString())
    }

    @AfterEach
    fun clear() {
        System.clearProperty(property)
    }

    private val tiny = Recipe(
        name = "tiny",
        encoder = EncoderSpec.ConvNet(width = 16, depth = 3),
        head = HeadSpec(16, 16),
        train = TrainSpec(epochs = 2, batchSize = 64, seed = 1, threads = 2, logEverySteps = 2),
        eval = EvalSpec(linearProbe = ProbeSpec(listOf(1e-3, 1e-2), 50), monitorTrainSize = 128),
    )

    private fun json(p: Path): JsonObject = Json.parseToJsonElement(Files.readString(p)).jsonObject

    @Test
    fun `a run writes recipe, provenance, metrics, plots and checkpoints`() {
        val result = RecipeRunner(tiny).run(tmp.resolve("runs"))
        val dir = result.directory
        assertTrue(dir.fileName.toString().startsWith("tiny-"))
        val run = json(dir.resolve("run.json"))
        assertEquals("completed", run["status"]!!.jsonPrimitive.content)
        assertEquals(RecipeJson.sha256(tiny), run["recipe_sha256"]!!.jsonPrimitive.content)
        assertEquals(tiny, RecipeJson.decode(run["recipe"]!!, "run.json"))
        assertEquals(4, run["data"]!!.jsonObject.size)
        val metrics = json(dir.resolve("metrics.json"))
        for (path in listOf("linear_probe.test_accuracy", "knn.test_accuracy", "baselines.raw_pixels.test_accuracy",
            "baselines.random_init.test_accuracy", "train.images_per_s", "train.wall_s")) {
            val (a, b) = path.split('.', limit = 2)
            val parts = b.split('.')
            var node = metrics[a]!!.jsonObject
            for (p in parts.dropLast(1)) node = node[p]!!.jsonObject
            val v = node[parts.last()]!!.jsonPrimitive.content.toDouble()
            assertTrue(v > 0, "$path = $v")
        }
        val lines = Files.readAllLines(dir.resolve("metrics.jsonl"))
        assertTrue(lines.count { it.contains("\"event\":\"step\"") } >= 4, lines.toString())
        assertEquals(2, lines.count { it.contains("\"event\":\"epoch\"") })
        assertTrue(Files.readString(dir.resolve("plots/loss.svg")).trimStart().startsWith("<svg"))
        assertTrue(Files.readString(dir.resolve("plots/accuracy.svg")).let { it.contains("<svg") && it.contains("raw pixels") })
        assertEquals(listOf("step-0000000012"), Files.list(dir.resolve("checkpoints")).use { s -> s.map { it.fileName.toString() }.sorted().toList() }
            .takeLast(1))

        val again = RecipeRunner.evaluate(dir)
        assertEquals(result.metrics["linear_probe.test_accuracy"], again["linear_probe.test_accuracy"])
        assertTrue(Files.isRegularFile(dir.resolve("eval.json")))
    }

    @Test
    fun `a run logs to TensorBoard and its encoder leaves as a SavedModel and as embeddings`() {
        val dir = RecipeRunner(tiny).run(tmp.resolve("runs")).directory
        val events = Files.list(dir.resolve("tensorboard")).use { it.toList() }.single()
        val tags = org.kontrast.export.EventFile.read(events).flatMap { e -> e.summary.valueList.map { it.tag } }.toSet()
        for (t in listOf("train/loss", "train/learning_rate", "epoch/mean_loss", "eval/monitor.knn.test_accuracy",
            "final/linear_probe.test_accuracy")) {
            assertTrue(t in tags, "$t not in $tags")
        }

        val out = java.io.StringWriter()
        val cli = org.kontrast.dsl.cli.Main.commandLine().also { it.out = java.io.PrintWriter(out, true) }
        assertEquals(0, cli.execute("export", dir.toString()))
        val expected = RunDirectory(dir).encoder(org.kontrast.augment.ImageShape(16, 16, 1)).use { enc ->
            enc.embed(FloatArray(2 * 256) { (it % 7) / 7f }, 2, org.kontrast.export.TrainedEncoder.REPRESENTATION)
        }
        org.kontrast.export.TrainedEncoder.loadSavedModel(dir.resolve("savedmodel")).use { m ->
            val got = m.embed(FloatArray(2 * 256) { (it % 7) / 7f }, 2, org.kontrast.export.TrainedEncoder.REPRESENTATION)
            for (r in 0 until 2) org.junit.jupiter.api.Assertions.assertArrayEquals(expected[r], got[r], 1e-5f)
        }
        // A second export never writes over the first.
        assertEquals(2, cli.execute("export", dir.toString()))

        assertEquals(0, cli.execute("embed", dir.toString(), "--limit", "50", "--out", tmp.resolve("emb.csv").toString()))
        val csv = Files.readAllLines(tmp.resolve("emb.csv"))
        assertEquals(51, csv.size)
        assertEquals(2 + expected[0].size, csv[1].split(',').size)
        assertEquals(0, cli.execute("embed", dir.toString(), "--split", "train", "--limit", "20", "--out", tmp.resolve("proj").toString()))
        assertEquals(20, Files.readAllLines(tmp.resolve("proj/tensors.tsv")).size)
        assertEquals(2, cli.execute("embed", dir.toString(), "--split", "validation", "--out", tmp.resolve("x.csv").toString()))
    }

    @Test
    fun `a missing dataset fails before any run directory exists`() {
        System.setProperty(property, tmp.resolve("empty").toString())
        val runs = tmp.resolve("runs")
        assertThrows<DatasetNotInstalledException> { RecipeRunner(tiny.copy(data = DataSpec())).run(runs) }
        assertFalse(Files.exists(runs) && Files.list(runs).use { it.count() } > 0)
    }
}
