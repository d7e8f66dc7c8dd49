package org.kontrast.dsl.builder

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.kontrast.dsl.recipe.AugmentationSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.Interval
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.OptimizerSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RuntimeSpec
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.recipe.ScheduleSpec
import org.kontrast.dsl.recipe.sha256
import org.kontrast.dsl.recipe.toJson

class ExperimentDslTest {
    private fun repo(): Path = generateSequence(Path.of("").toAbsolutePath()) { it.parent }.first { Files.isDirectory(it.resolve("recipes")) }

    @Test
    fun `every component declared in the DSL survives JSON both ways`() {
        val r = experiment("all") {
            method = "simclr"
            data { mnist(); trainLimit = 1000; testLimit = 500 }
            views {
                twoViews {
                    randomResizedCrop(size = 24, scale = 0.3..0.9, ratio = 0.5..2.0)
                    horizontalFlip(p = 0.4)
                    colorJitter(0.1, 0.2, 0.3, 0.05, p = 0.6)
                    randomGrayscale(p = 0.3)
                    gaussianBlur(sigma = 0.2..1.5, kernelFraction = 0.2, p = 0.7)
                }
            }
            encoder { resNet18(groups = 4) }
            head { projection(hidden = 64, out = 32) }
            loss { ntXent(temperature = 0.2) }
            optimizer { lars(lr = 0.6, momentum = 0.8, weightDecay = 1e-5, eta = 0.002); constant() }
            train { epochs = 3; batchSize = 128; seed = 7; threads = 1; checkpointsKept = 3; logEverySteps = 5 }
            eval { linearProbe(listOf(1e-3), 50); knn(k = 20, t = 0.5); everyEpochs = 2; monitorTrainSize = 100; baselines = false }
            runtime { device = "gpu:1"; precision = "mixed" }
        }
        assertEquals(r, Recipe.fromJson(r.toJson()))
        assertEquals(RuntimeSpec("gpu:1", "mixed"), r.runtime)
        assertEquals(listOf(
            AugmentationSpec.RandomResizedCrop(24, Interval(0.3, 0.9), Interval(0.5, 2.0)),
            AugmentationSpec.HorizontalFlip(0.4),
            AugmentationSpec.ColorJitter(0.1, 0.2, 0.3, 0.05, 0.6),
            AugmentationSpec.RandomGrayscale(0.3),
            AugmentationSpec.GaussianBlur(Interval(0.2, 1.5), 0.2, 0.7),
        ), r.views.augmentations)
        assertEquals(EncoderSpec.ResNet18(4), r.encoder)
        assertEquals(LossSpec.NtXent(0.2), r.loss)
        assertEquals(OptimizerSpec.Lars(0.6, 0.8, 1e-5, 0.002), r.optimizer)
        assertEquals(ScheduleSpec.Constant, r.schedule)
        for (o in listOf<ExperimentScope.() -> Unit>(
            { optimizer { adam(lr = 2e-3, weightDecay = 1e-6) } },
            { optimizer { adamW(lr = 1e-3, weightDecay = 0.05); warmupCosine(warmupEpochs = 2.0) } },
            { optimizer { sgd(lr = 0.05) }; encoder { convNet(width = 64, depth = 3, padding = "valid") } },
        )) {
            val v = experiment("variant", o)
            assertEquals(v, Recipe.fromJson(v.toJson()))
        }
    }

    @Test
    fun `an empty block is the all-defaults recipe`() {
        assertEquals(Recipe(name = "d"), experiment("d") {})
        assertEquals(Recipe(name = "d").sha256, experiment("d") {}.sha256)
    }

    @Test
    fun `invalid settings fail at the block with the recipe path`() {
        val e = assertThrows<RecipeException> { experiment("x") { train { batchSize = 1 } } }
        assertEquals("train: batchSize must be >= 2 (a contrastive batch needs negatives), got 1", e.message)
    }

    // README.md shows this block; the test below checks that README shows it verbatim.
    private fun readmeExample(): Recipe {
        // readme-example-start
        val r = experiment("quickstart") {
            data { fashionMnist(); trainLimit = 20000 }
            views {
                twoViews {
                    randomResizedCrop(scale = 0.2..1.0)
                    horizontalFlip()
                    colorJitter(brightness = 0.4, contrast = 0.4, saturation = 0.0, hue = 0.0, p = 0.8)
                }
            }
            encoder { convNet(width = 128, depth = 4, padding = "same") }
            head { projection(hidden = 128, out = 128) }
            loss { ntXent(temperature = 0.1) }
            optimizer { adam(lr = 1e-3); warmupCosine(warmupEpochs = 0.5) }
            train { epochs = 2; batchSize = 256; seed = 42 }
            eval { linearProbe(weightDecays = listOf(1e-3), maxIterations = 200); everyEpochs = 0; monitorTrainSize = 5000 }
        }
        // readme-example-end
        return r
    }

    @Test
    fun `the README example compiles and equals recipes quickstart json`() {
        assertEquals(RecipeJson.load(repo().resolve("recipes/quickstart.json")), readmeExample())
        val source = Files.readString(repo().resolve("dsl/src/test/kotlin/org/kontrast/dsl/builder/ExperimentDslTest.kt"))
        val block = source.substringAfter("// readme-example-start\n").substringBefore("        // readme-example-end")
            .lines().joinToString("\n") { it.removePrefix("        ") }.trim()
        val readme = Files.readString(repo().resolve("README.md"))
        assertTrue(readme.contains(block), "README.md must show the DSL example exactly as this test compiles it:\n$block")
    }
}
