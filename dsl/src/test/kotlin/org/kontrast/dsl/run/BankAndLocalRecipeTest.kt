package org.kontrast.dsl.run

import java.nio.file.Path
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.dsl.builder.LossScope
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.recipe.toJson
import org.kontrast.loss.DeepInfoMaxLoss

/** InstDisc, PIRL and DIM from the DSL and JSON, their checks by recipe path, and whole runs on a tiny Fashion-MNIST. */
class BankAndLocalRecipeTest {
    @TempDir
    lateinit var tmp: Path

    @AfterEach
    fun clear() = TinyFashionMnist.clear()

    @Test
    fun `the DSL writes the shipped InstDisc, PIRL and DIM recipes`() {
        val dir = Path.of("..", "recipes")
        // InstDisc and PIRL share the Colored-MNIST setting at the learning rate their bank tolerates; they differ in loss and length.
        fun bankRecipe(name: String, length: Int, lossBlock: LossScope.() -> Unit) = experiment(name) {
            method = name.substringBefore('-')
            data { coloredMnist(); trainLimit = 10000 }
            views {
                twoViews {
                    randomResizedCrop(size = 32, scale = 0.3..1.0)
                    colorJitter()
                    randomGrayscale()
                }
            }
            encoder { convNet(width = 64) }
            head { projection(1024, 128) }
            loss(lossBlock)
            optimizer { adam(lr = 1e-4) }
            train { epochs = length }
        }
        fun assertShipped(built: Recipe) {
            val shipped = RecipeJson.load(dir.resolve("${built.name}.json"))
            assertEquals(shipped.copy(schedule = built.schedule, eval = built.eval), built)
        }
        assertShipped(bankRecipe("instdisc-colored-mnist", 80) { instDisc(temperature = 0.1, negatives = 0, momentum = 0.5) })
        assertShipped(bankRecipe("pirl-colored-mnist", 55) { pirl(temperature = 0.1, negatives = 0) })
        val dim = experiment("dim-fashion-mnist") {
            method = "dim"
            loss { dim(DeepInfoMaxLoss.Estimator.INFO_NCE) }
        }
        assertEquals(LossSpec.Dim("infoNce", 512), RecipeJson.load(dir.resolve("dim-fashion-mnist.json")).loss)
        assertEquals(LossSpec.Dim("infoNce", 512), dim.loss)
        assertEquals(LossSpec.InstDisc(), experiment("i") { method = "instdisc" }.loss)
        assertEquals(LossSpec.Pirl(), experiment("p") { method = "pirl" }.loss)
    }

    @Test
    fun `normalised convolutions are one encoder switch, in the DSL and JSON`() {
        val r = experiment("n") { encoder { resNet18(normalizedConv = true) } }
        assertEquals(EncoderSpec.ResNet18(1, true), r.encoder)
        assertTrue(r.toJson().contains("\"normalizedConv\": true"), r.toJson())
        assertEquals(r, Recipe.fromJson(r.toJson()))
        assertEquals(false, Recipe.fromJson("""{"schemaVersion": 1, "name": "x"}""").encoder.normalizedConv)
    }

    @Test
    fun `bad InstDisc and DIM settings name their recipe path`() {
        fun message(r: Recipe) = assertThrows<RecipeException> { Components.validateAll(r) }.message!!
        val inst = Recipe(name = "i", method = "instdisc", loss = LossSpec.InstDisc())
        assertEquals("loss: InstDisc needs embedding >= 1, bankSize >= 1, negatives >= 0 and headHidden >= 0, got embedding=128 bankSize=1 negatives=-1 headHidden=0",
            message(inst.copy(loss = LossSpec.InstDisc(negatives = -1))))
        assertEquals("loss: bank momentum must be in [0, 1], got 1.5", message(inst.copy(loss = LossSpec.InstDisc(momentum = 1.5))))
        assertEquals("loss: temperature must be > 0, got 0.0", message(inst.copy(loss = LossSpec.InstDisc(temperature = 0.0))))
        val pirl = Recipe(name = "p", method = "pirl", loss = LossSpec.Pirl())
        assertEquals("loss: lambda must be in [0, 1], got -0.5", message(pirl.copy(loss = LossSpec.Pirl(lambda = -0.5))))
        assertEquals("loss: jigsaw patchFraction must be in (0, 1], got 0.0", message(pirl.copy(loss = LossSpec.Pirl(patchFraction = 0.0))))
        assertEquals("loss: PIRL needs embedding >= 1, bankSize >= 1 and negatives >= 0, got embedding=128 bankSize=1 negatives=-2",
            message(pirl.copy(loss = LossSpec.Pirl(negatives = -2))))
        val dim = Recipe(name = "d", method = "dim", loss = LossSpec.Dim())
        assertEquals("loss.estimator: unknown DIM estimator \"mine\" (known: jsd, infoNce)", message(dim.copy(loss = LossSpec.Dim("mine"))))
        assertEquals("loss: criticWidth must be >= 1, got 0", message(dim.copy(loss = LossSpec.Dim(criticWidth = 0))))
        assertEquals("encoder: DIM reads a feature map below the encoder's top; patchEncoder has none (use convNet or resNet18)",
            message(dim.copy(encoder = EncoderSpec.PatchEncoder())))
    }

    @Test
    fun `InstDisc and DIM recipes run end to end, the bank sized by the data`() {
        TinyFashionMnist.use(tmp, 96, 32, 5)
        for ((method, loss) in listOf("instdisc" to LossSpec.InstDisc(negatives = 16), "dim" to LossSpec.Dim("infoNce", 16),
                "pirl" to LossSpec.Pirl(negatives = 16))) {
            val recipe = experiment("tiny-$method") {
                this.method = method
                // InstDisc's encoder also runs with normalised convolutions.
                encoder { convNet(width = 8, depth = 3, normalizedConv = method == "instdisc") }
                head { projection(16, 16) }
                train { epochs = 2; batchSize = 16; threads = 2 }
                eval { linearProbe(listOf(1e-3), 20); everyEpochs = 0; monitorTrainSize = 0; baselines = false }
            }.copy(loss = loss)
            val result = RecipeRunner(recipe).run(tmp.resolve("runs"))
            assertEquals(12.0, result.metrics["train.steps"], method)
            assertTrue(result.metrics["linear_probe.test_accuracy"]!! in 0.0..1.0, method)
        }
    }
}
