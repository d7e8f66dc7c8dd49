package org.kontrast.dsl.run

import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.kontrast.datasets.DatasetFormatException
import org.kontrast.dsl.builder.experiment
import org.kontrast.dsl.recipe.RecipeException

/** A recipe over a folder of PNGs: it trains, and every bad path or file is named. */
class ImageFolderRunTest {
    @TempDir
    lateinit var tmp: Path

    private fun folder(root: Path): Path {
        val r = Random(4)
        for ((split, n) in listOf("train" to 48, "test" to 16)) {
            for (i in 0 until n) {
                val cls = i % 2
                val image = BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB)
                for (y in 0 until 12) for (x in 0 until 12) {
                    val v = (if (cls == 0) x else y) * 20 + r.nextInt(10)
                    image.setRGB(x, y, (v shl 16) or ((255 - v) shl 8) or 128)
                }
                val file = Files.createDirectories(root.resolve("$split/${if (cls == 0) "across" else "down"}")).resolve("$i.png")
                ImageIO.write(image, "png", file.toFile())
            }
        }
        return root
    }

    private fun recipe(path: String) = experiment("folder") {
        data { imageFolder(path) }
        views { twoViews { randomResizedCrop(scale = 0.5..1.0); horizontalFlip() } }
        encoder { convNet(width = 8, depth = 2) }
        head { projection(8, 8) }
        train { epochs = 1; batchSize = 16; threads = 2 }
        eval { linearProbe(listOf(1e-3), 20); everyEpochs = 0; monitorTrainSize = 0; baselines = false }
    }

    @Test
    fun `a recipe trains on a folder of colour PNGs`() {
        val root = folder(tmp.resolve("images"))
        val result = RecipeRunner(recipe(root.toString())).run(tmp.resolve("runs"))
        assertEquals(3.0, result.metrics["train.steps"])
        assertTrue(result.metrics["linear_probe.test_accuracy"]!! > 0.5)
        val runJson = Files.readString(result.directory.resolve("run.json"))
        assertTrue(runJson.contains("(64 files)"), runJson)
    }

    @Test
    fun `a missing folder, a stray path and a non-image file are each named`() {
        val missing = assertThrows<RecipeException> { Components.validateAll(recipe(tmp.resolve("nowhere").toString())) }
        assertEquals("data.path: ${tmp.resolve("nowhere")} is not a folder (expected one holding train/<class>/ and test/<class>/)",
            missing.message)
        val stray = assertThrows<RecipeException> { val r = recipe(tmp.toString()); Components.validate(r.copy(data = r.data.copy(dataset = "mnist"))) }
        assertTrue(stray.message!!.startsWith("data.path: read only with dataset \"imageFolder\""), stray.message)

        val root = folder(tmp.resolve("images"))
        val bad = root.resolve("test/down/notes.txt")
        Files.writeString(bad, "not an image")
        val runs = tmp.resolve("runs")
        val error = assertThrows<DatasetFormatException> { RecipeRunner(recipe(root.toString())).run(runs) }
        assertEquals(bad, error.file())
        assertFalse(Files.exists(runs), "no run directory for a run that never started")
    }
}
