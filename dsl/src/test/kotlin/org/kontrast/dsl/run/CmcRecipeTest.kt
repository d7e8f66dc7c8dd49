package org.kontrast.dsl.run

import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.DataSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson

/** CMC from the DSL and JSON, its checks by recipe path, and a whole run on a multi-view folder. */
class CmcRecipeTest {
    @TempDir
    lateinit var tmp: Path

    /** Two aligned views, "height" (grey) and "rgb": a class is a gradient across or down, drawn in both with independent noise. */
    private fun views(root: Path): Path {
        val r = Random(7)
        for ((split, n) in listOf("train" to 48, "test" to 16)) {
            for (i in 0 until n) {
                val cls = if (i % 2 == 0) "across" else "down"
                val grey = BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY)
                val rgb = BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB)
                for (y in 0 until 12) for (x in 0 until 12) {
                    val v = (if (cls == "across") x else y) * 20
                    grey.raster.setSample(x, y, 0, v + r.nextInt(10))
                    val c = v + r.nextInt(10)
                    rgb.setRGB(x, y, (c shl 16) or ((255 - c) shl 8) or 128)
                }
                for ((view, image) in listOf("height" to grey, "rgb" to rgb)) {
                    val file = Files.createDirectories(root.resolve("$view/$split/$cls")).resolve("$i.png")
                    ImageIO.write(image, "png", file.toFile())
                }
            }
        }
        return root
    }

    @Test
    fun `the DSL writes the shipped CMC recipe's model`() {
        val shipped = RecipeJson.load(Path.of("..", "recipes", "cmc-colored-mnist.json"))
        val r = experiment("cmc-colored-mnist") {
            method = "cmc"
            data { coloredMnist(); trainLimit = 20000 }
            encoder { convNet(width = 64) }
            head { projection(512, 128) }
            loss { cmc() }
        }
        assertEquals(shipped.loss, r.loss)
        assertEquals(shipped.encoder, r.encoder)
        assertEquals(shipped.data, r.data)
        assertEquals(LossSpec.Cmc(), experiment("c") { method = "cmc" }.loss)
        assertEquals(LossSpec.Cmc("folders", pairs = "core", intraBatch = false, stemWidth = 8),
            experiment("c") { method = "cmc"; loss { cmc("folders", pairs = "core", intraBatch = false, stemWidth = 8) } }.loss)
    }

    @Test
    fun `bad CMC settings name their recipe path`() {
        fun message(r: Recipe) = assertThrows<RecipeException> { Components.validateAll(r) }.message!!
        val cmc = Recipe(name = "c", method = "cmc", data = DataSpec("coloredMnist"), loss = LossSpec.Cmc())
        Components.validateAll(cmc)
        assertEquals("loss: views must be \"lab\", \"channels\" or \"folders\", got \"rgb\"", message(cmc.copy(loss = LossSpec.Cmc("rgb"))))
        assertEquals("loss.pairs: expected \"full\" or \"core\", got \"star\"", message(cmc.copy(loss = LossSpec.Cmc(pairs = "star"))))
        assertEquals("loss: momentum must be in [0, 1], got 2.0", message(cmc.copy(loss = LossSpec.Cmc(momentum = 2.0))))
        assertEquals("loss: CMC needs queueMultiple >= 1 and stemWidth >= 0, got queueMultiple=0 stemWidth=0",
            message(cmc.copy(loss = LossSpec.Cmc(queueMultiple = 0))))
        assertEquals("loss: temperature must be > 0, got 0.0", message(cmc.copy(loss = LossSpec.Cmc(temperature = 0.0))))
        assertEquals("eval: attentionProbe.heads (3) must divide attentionProbe.width (64)",
            message(cmc.copy(eval = cmc.eval.copy(attentionProbe = org.kontrast.dsl.recipe.AttentionProbeSpec(heads = 3)))))
        assertEquals("loss: the L and ab views are cut from RGB images, but these have 1 channel(s)",
            message(cmc.copy(data = DataSpec("fashionMnist"))))
        assertEquals("loss: views \"folders\" are a multiViewFolder's view folders, but the dataset is \"coloredMnist\"",
            message(cmc.copy(loss = LossSpec.Cmc("folders"))))
        val root = views(tmp.resolve("views"))
        assertEquals("loss: views: a multiViewFolder gives its views as folders; set \"views\": \"folders\" (got \"lab\")",
            message(cmc.copy(data = DataSpec("multiViewFolder", path = root.toString()))))
        Files.delete(root.resolve("rgb/train/down/3.png"))
        val folders = cmc.copy(data = DataSpec("multiViewFolder", path = root.toString()), loss = LossSpec.Cmc("folders"))
        val error = assertThrows<org.kontrast.datasets.DatasetFormatException> { RecipeRunner(folders).run(tmp.resolve("runs")) }
        assertEquals("${root.resolve("height/train/down/3.png")}: no file of that class and name in view 'rgb' " +
            "(${root.resolve("rgb/train")}); views are matched by class folder and file name", error.message)
        assertTrue(!Files.exists(tmp.resolve("runs")), "no run directory for a run that never started")
    }

    @Test
    fun `a CMC recipe trains on a multi-view folder and probes each view`() {
        val root = views(tmp.resolve("views"))
        val recipe = experiment("cmc-folders") {
            method = "cmc"
            data { multiViewFolder(root.toString()) }
            views { twoViews { randomResizedCrop(scale = 0.5..1.0) } }
            encoder { convNet(width = 8, depth = 2) }
            head { projection(8, 8) }
            // One shared trunk behind a stem per view (1 and 3 channels to 4); 12x12 views leave 3x3x8 features each.
            loss { cmc("folders", queueMultiple = 2, stemWidth = 4) }
            train { epochs = 2; batchSize = 16; threads = 2 }
            eval {
                linearProbe(listOf(1e-3), 20); everyEpochs = 0; monitorTrainSize = 0; baselines = false
                attentionProbe(width = 8, heads = 2, epochs = 2)
            }
        }
        val result = RecipeRunner(recipe).run(tmp.resolve("runs"))
        // The attention probe reads every view's 3x3 positions as tokens of 8 channels.
        assertEquals(18.0, result.metrics["attention_probe.tokens"])
        assertTrue(result.metrics["attention_probe.test_accuracy"]!! in 0.0..1.0)
        assertEquals(6.0, result.metrics["train.steps"])
        for (view in listOf("height", "rgb")) {
            assertEquals(3.0 * 3 * 8, result.metrics["linear_probe.views.$view.features"], view)
            assertTrue(result.metrics["linear_probe.views.$view.test_accuracy"]!! in 0.0..1.0, view)
        }
        assertEquals(2.0 * 3 * 3 * 8, result.metrics["linear_probe.features"])
    }
}
