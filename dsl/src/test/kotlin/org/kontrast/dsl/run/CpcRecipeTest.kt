package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.datasets.Catalog
import org.kontrast.datasets.IdxFiles
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.PatchGridSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.method.CpcDirection

/** CPC from the DSL and from JSON, its checks by recipe path, and a whole run on a tiny Colored-MNIST. */
class CpcRecipeTest {
    @TempDir
    lateinit var tmp: Path

    @AfterEach
    fun clear() {
        System.clearProperty("kontrast.data.mnist")
        System.clearProperty("kontrast.data.coloredMnist")
    }

    @Test
    fun `choosing cpc brings its grid, patch encoder and loss, and cpcv2 its switches`() {
        val v1 = experiment("c") { method = "cpc"; data { coloredMnist() } }
        assertEquals(PatchGridSpec(16, 8), v1.views.patchGrid)
        assertEquals(emptyList<Any>(), v1.views.augmentations)
        assertEquals(EncoderSpec.PatchEncoder(norm = "batch"), v1.encoder)
        assertEquals(LossSpec.Cpc(offsets = listOf(2, 3, 4, 5), directions = listOf("topDown")), v1.loss)
        val v2 = experiment("c") { method = "cpcv2"; data { coloredMnist() } }
        assertEquals(PatchGridSpec(16, 8, colorDrop = true, patchAugment = true), v2.views.patchGrid)
        assertEquals(EncoderSpec.PatchEncoder(norm = "layer"), v2.encoder)
        assertEquals(listOf("topDown", "bottomUp", "leftRight", "rightLeft"), (v2.loss as LossSpec.Cpc).directions)
        // Back to SimCLR: the CPC defaults leave with the method.
        val back = experiment(v2) { method = "simclr" }
        assertEquals(Recipe(name = "c", data = v2.data), back)
    }

    @Test
    fun `the DSL writes the shipped CPC recipes`() {
        val dir = Path.of("..", "recipes")
        val v1 = experiment("cpc-colored-mnist") {
            method = "cpc"
            data { coloredMnist(); trainLimit = 20000 }
            views { patchGrid(size = 16, stride = 8, standardize = true, pooling = "pyramid") }
            loss { cpc(offsets = 2..5, directions = listOf(CpcDirection.TOP_DOWN)) }
        }
        val file = RecipeJson.load(dir.resolve("cpc-colored-mnist.json"))
        assertEquals(file.copy(optimizer = v1.optimizer, schedule = v1.schedule, train = v1.train, eval = v1.eval), v1)
        val v2 = RecipeJson.load(dir.resolve("cpcv2-colored-mnist.json"))
        assertEquals(file.views.patchGrid!!.copy(colorDrop = true, patchAugment = true), v2.views.patchGrid)
        assertEquals("layer", (v2.encoder as EncoderSpec.PatchEncoder).norm)
        assertEquals(4, (v2.loss as LossSpec.Cpc).directions.size)
        assertEquals(file.train, v2.train, "v1 and v2 train the same way, so their results compare")
    }

    private fun cpc(block: org.kontrast.dsl.builder.ExperimentScope.() -> Unit = {}) = experiment("cpc") {
        method = "cpc"
        data { coloredMnist() }
        block()
    }

    @Test
    fun `bad CPC settings name their recipe path`() {
        fun message(r: Recipe) = assertThrows<RecipeException> { Components.validateAll(r) }.message!!
        val near = cpc().copy(loss = LossSpec.Cpc(offsets = listOf(1, 2)))
        assertEquals("loss.offsets: offset 1 predicts a patch that overlaps the context's own row " +
            "(16-pixel patches at stride 8 overlap below offset 2)", message(near))
        val far = cpc().copy(loss = LossSpec.Cpc(offsets = listOf(2, 9)))
        assertEquals("loss.offsets: offset 9 looks past the 7-row grid (largest: 6)", message(far))
        val sideways = cpc().copy(loss = LossSpec.Cpc(directions = listOf("diagonal")))
        assertTrue(message(sideways).startsWith("loss.directions[0]: unknown CPC direction \"diagonal\""))
        val grey = cpc { data { fashionMnist() } }
        assertTrue(message(grey).startsWith("views.patchGrid: patchGrid: 16x16 patches at stride 8 do not tile a 28x28 image"), message(grey))
        val noGrid = cpc().copy(views = cpc().views.copy(patchGrid = null))
        assertTrue(message(noGrid).startsWith("views.patchGrid: method \"cpc\" cuts images into a patch grid"), message(noGrid))
        val gridOnSimclr = Recipe(name = "s", views = cpc().views.copy(augmentations = Recipe(name = "s").views.augmentations))
        assertTrue(message(gridOnSimclr).startsWith("views.patchGrid: only cpc and cpcv2 cut a patch grid"), message(gridOnSimclr))
        val head = cpc().copy(head = HeadSpec(64, 64))
        assertTrue(message(head).startsWith("head: CPC has no projection head"), message(head))
        val norm = cpc().copy(encoder = EncoderSpec.PatchEncoder(norm = "group"))
        assertEquals("encoder: norm must be \"batch\", \"layer\" or \"none\", got \"group\"", message(norm))
    }

    @Test
    fun `a CPC recipe runs end to end on a tiny Colored-MNIST built from MNIST files`() {
        val mnist = Files.createDirectories(tmp.resolve("mnist"))
        IdxFiles.writeSplit(mnist, 64, 32, 28, 5)
        System.setProperty("kontrast.data.mnist", mnist.toString())
        System.setProperty("kontrast.data.coloredMnist", tmp.resolve("colored").toString())
        val recipe = experiment("tiny-cpc") {
            method = "cpcv2"
            data { coloredMnist() }
            encoder { patchEncoder(width = 4, hidden = 16, norm = "layer") }
            loss { cpc(offsets = 2..3, directions = CpcDirection.values().toList(), codeSize = 8, contextWidth = 8, contextLayers = 2) }
            train { epochs = 1; batchSize = 8; threads = 2 }
            eval { linearProbe(listOf(1e-3), 20); everyEpochs = 0; monitorTrainSize = 0; baselines = false }
        }
        val result = RecipeRunner(recipe).run(tmp.resolve("runs"))
        assertEquals(8.0, result.metrics["train.steps"])
        assertEquals(16.0, result.metrics["linear_probe.features"], "the probe reads the mean-pooled patch features")
        assertTrue(result.metrics["linear_probe.test_accuracy"]!! in 0.0..1.0)
        assertTrue(Files.isRegularFile(tmp.resolve("colored/train-images-idx4-ubyte")))
        assertTrue(Files.readString(result.directory.resolve("run.json")).contains(Catalog.COLORED_MNIST))
    }
}
