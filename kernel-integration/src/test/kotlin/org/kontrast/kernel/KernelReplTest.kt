package org.kontrast.kernel

import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import org.jetbrains.kotlinx.jupyter.EvalRequestData
import org.jetbrains.kotlinx.jupyter.ReplForJupyter
import org.jetbrains.kotlinx.jupyter.api.MimeTypedResult
import org.jetbrains.kotlinx.jupyter.api.libraries.ExecutionHost
import org.jetbrains.kotlinx.jupyter.libraries.EmptyResolutionInfoProvider
import org.jetbrains.kotlinx.jupyter.messaging.DisplayHandler
import org.jetbrains.kotlinx.jupyter.repl.creating.createRepl
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.TestMethodOrder
import org.kontrast.datasets.IdxFiles

/**
 * The kernel's own REPL (0.11.0-398), in process, with this module on its classpath:
 * the integration loads, every renderer answers with HTML, and training updates its
 * progress display in place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class KernelReplTest {
    private lateinit var repl: ReplForJupyter
    private val displayed = mutableListOf<Pair<String?, String>>()
    private val updated = mutableListOf<Pair<String?, String>>()
    private var cell = 0
    private val tmp: Path = Files.createTempDirectory("kontrast-repl")

    private fun html(value: Any?): String = (value as? MimeTypedResult)?.get("text/html") ?: error("not HTML: $value")

    @BeforeAll
    fun start() {
        IdxFiles.writeSplit(Files.createDirectories(tmp.resolve("data")), 512, 256, 16, 3)
        System.setProperty("kontrast.data.fashionMnist", tmp.resolve("data").toString())
        val recorder = object : DisplayHandler {
            override fun handleDisplay(value: Any, host: ExecutionHost, id: String?) {
                displayed += id to html(value)
            }

            override fun handleUpdate(value: Any, host: ExecutionHost, id: String?) {
                updated += id to html(value)
            }
        }
        val classpath = System.getProperty("java.class.path").split(File.pathSeparator).map(::File)
        repl = createRepl(EmptyResolutionInfoProvider, classpath, isEmbedded = true, displayHandler = recorder)
        eval("USE(org.kontrast.kernel.KontrastIntegration().getDefinitions(notebook).single())")
    }

    @AfterAll
    fun clear() {
        System.clearProperty("kontrast.data.fashionMnist")
        tmp.toFile().deleteRecursively()
    }

    private fun eval(code: String) = repl.evalEx(EvalRequestData(code, ++cell, false, false))

    private val recipe = """experiment("repl") {
        encoder { convNet(width = 8, depth = 2) }
        head { projection(8, 8) }
        train { epochs = 2; batchSize = 64; threads = 2 }
        eval { linearProbe(listOf(1e-3), 20); everyEpochs = 1; monitorTrainSize = 128 }
    }"""

    @Test
    @Order(1)
    fun `the integration loads with its imports and its display bridge`() {
        assertEquals(true, eval("KernelDisplay.bridge != null").renderedValue)
        // The enums the DSL takes are imported too.
        assertEquals("infoNce", eval("experiment(\"d\") { method = \"dim\"; loss { dim(DeepInfoMaxLoss.Estimator.INFO_NCE) } }.loss.let { (it as LossSpec.Dim).estimator }").renderedValue)
    }

    @Test
    @Order(2)
    fun `a recipe renders as a card`() {
        val card = html(eval("val recipe = $recipe\nrecipe").renderedValue)
        assertTrue(card.contains("Recipe repl") && card.contains("simclr") && card.contains("sha256"), card)
    }

    @Test
    @Order(3)
    fun `views render as a grid of images`() {
        val grid = html(eval("previewViews(recipe, n = 2)").renderedValue)
        assertEquals(6, Regex("data:image/png;base64").findAll(grid).count(), grid.take(300))
    }

    @Test
    @Order(4)
    fun `training updates one progress display in place and renders its curves as SVG`() {
        displayed.clear()
        updated.clear()
        val run = html(eval("""val run = train(recipe, out = "${tmp.resolve("runs")}")
run""").renderedValue)
        val id = displayed.first().first
        assertTrue(id != null && id.startsWith("kontrast-progress-"), "first display: $displayed")
        assertTrue(updated.isNotEmpty() && updated.all { it.first == id }, "updates go to the same display: $updated")
        assertTrue(updated.last().second.contains("step 16/16") && updated.last().second.contains("done"), updated.last().second)
        assertTrue(displayed.last().second.contains("done"), "the final state is displayed once more for nbconvert")
        assertTrue(run.contains("linear probe (test)") && Regex("<svg").findAll(run).count() >= 2, run.take(500))
    }

    @Test
    @Order(5)
    fun `runs compare in one chart and embeddings map to 2-D`() {
        assertTrue(html(eval("compare(run, run)").renderedValue).contains("<svg"))
        for (method in listOf("pca", "umap")) {
            val map = html(eval("embeddingMap(run, method = \"$method\", limit = 200)").renderedValue)
            assertTrue(map.contains("<svg") && map.contains(method.uppercase()), map.take(300))
        }
    }

    @Test
    @Order(6)
    fun `a recipe error renders as the CLI's one line`() {
        val diff = html(eval("recipe.diff(experiment(recipe, name = \"b\") { train { epochs = 3 } })").renderedValue)
        assertTrue(diff.contains("train.epochs") && diff.contains("2 -&gt; 3"), diff)
        // The kernel hands a cell's exception to the throwable renderers; the REPL throws it for the caller to do so.
        val error = runCatching { eval("loadRecipe(\"${tmp.resolve("missing.json")}\")") }.exceptionOrNull()
        val text = html(repl.throwableRenderersProcessor.renderThrowable(error?.cause ?: error!!))
        assertTrue(text.contains("kontrast: ${tmp.resolve("missing.json")}: recipe file not found"), text)
    }
}
