package org.kontrast.dsl.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import org.kontrast.dsl.plot.Plots
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import org.kontrast.dsl.run.Components
import org.kontrast.dsl.run.JsonFiles
import org.kontrast.dsl.run.RecipeRunner
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

/**
 * Runs several recipes under the same training-time budget and writes one table
 * and one chart: linear-probe and kNN accuracy, images/s, wall time. The
 * baselines (raw pixels, random-init encoder) are computed once, with the first
 * recipe; monitor evaluations are skipped so that the budget goes to training.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = ["Run recipes under one time budget each; write compare.json, compare.md and compare.svg."])
class Compare : Callable<Int> {
    @Parameters(arity = "1..*", paramLabel = "RECIPE", description = ["Recipe JSON files, e.g. recipes/*-fashion-mnist.json"])
    lateinit var recipes: List<Path>

    @Option(names = ["--budget"], paramLabel = "MINUTES", description = ["Training time per recipe (default: each recipe's full epochs)"])
    var budget: Double? = null

    @Option(names = ["--out"], paramLabel = "DIR", description = ["Where the comparison directory goes (default: runs)"])
    var out: Path = Path.of("runs")

    override fun call(): Int {
        budget?.let { if (!(it > 0)) throw RecipeException("--budget: expected minutes > 0, got $it") }
        // Every recipe is checked before anything runs, so a typo in the last one costs nothing.
        val loaded = recipes.map { f -> RecipeJson.load(f).also { Components.validateAll(it) } }
        val dataset = loaded.map { it.data.dataset }.distinct().singleOrNull()
            ?: throw RecipeException("compare: the recipes use different datasets (${loaded.map { it.data.dataset }.distinct()}); compare like with like")
        val dir = RecipeRunner.newRunDirectory(out, "compare")
        println("Comparing ${loaded.size} recipes${budget?.let { " at $it min of training each" } ?: ""}; results in $dir")
        val rows = mutableListOf<Map<String, Any?>>()
        var baselines = emptyMap<String, Double>()
        loaded.forEachIndexed { i, recipe ->
            val r = recipe.copy(eval = recipe.eval.copy(everyEpochs = 0, baselines = i == 0))
            println("[${i + 1}/${loaded.size}] ${r.name} (${r.method})")
            val result = Main.withDataset(dataset) {
                RecipeRunner(r, listOf(ProgressBar()), budget?.let { b -> b * 60 }) { line -> println("  $line") }.run(dir.resolve("runs"))
            }
            val m = result.metrics
            if (i == 0) baselines = m.filterKeys { it.startsWith("baselines.") }
            rows += linkedMapOf(
                "name" to r.name, "method" to r.method, "recipe_sha256" to RecipeJson.sha256(r),
                "linear_probe" to m["linear_probe.test_accuracy"], "knn" to m["knn.test_accuracy"],
                "images_per_s" to m["train.images_per_s"], "train_s" to m["train.wall_s"], "wall_s" to m["total.wall_s"],
                "steps" to m["train.steps"], "out_of_time" to (m["train.out_of_time"] == 1.0),
                "final_loss" to m["train.final_loss"], "run" to dir.relativize(result.directory).toString(),
            )
            writeResults(dir, rows, baselines)
        }
        println(Files.readString(dir.resolve("compare.md")))
        return 0
    }

    private fun writeResults(dir: Path, rows: List<Map<String, Any?>>, baselines: Map<String, Double>) {
        val raw = baselines["baselines.raw_pixels.test_accuracy"]
        val random = baselines["baselines.random_init.test_accuracy"]
        val json = mapOf("budget_minutes" to budget, "baselines" to baselines, "methods" to rows)
        JsonFiles.writeAtomically(dir.resolve("compare.json"), JsonFiles.pretty(JsonFiles.toJson(json)))
        fun f(v: Any?, digits: Int) = (v as? Double)?.let { "%.${digits}f".format(it) } ?: "n/a"
        val md = buildString {
            appendLine("| method | linear probe | kNN | images/s | training s | wall s | steps |")
            appendLine("|---|---|---|---|---|---|---|")
            rows.forEach { r ->
                appendLine("| ${r["name"]} | ${f(r["linear_probe"], 4)} | ${f(r["knn"], 4)} | ${f(r["images_per_s"], 0)} | " +
                    "${f(r["train_s"], 0)} | ${f(r["wall_s"], 0)} | ${f(r["steps"], 0)}${if (r["out_of_time"] == true) " (budget)" else ""} |")
            }
            appendLine()
            appendLine("Baselines: raw pixels ${f(raw, 4)}, random-init encoder ${f(random, 4)} (linear probe).")
        }
        JsonFiles.writeAtomically(dir.resolve("compare.md"), md)
        val plotRows = rows.map { Plots.CompareRow(it["name"].toString(), it["linear_probe"] as? Double ?: 0.0, it["knn"] as? Double ?: 0.0) }
        JsonFiles.writeAtomically(dir.resolve("compare.svg"), Plots.svg(Plots.compare(plotRows, raw, random)))
    }
}
