package org.kontrast.kernel

import java.nio.file.Files
import java.nio.file.Path
import org.kontrast.dsl.cli.Main
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.run.RecipeRunner
import org.kontrast.dsl.run.RunResult

/** A finished run in a notebook: its directory and metrics, rendered with its loss and accuracy curves. */
class NotebookRun(val recipe: Recipe, val result: RunResult) {
    val directory: Path get() = result.directory
    val metrics: Map<String, Double> get() = result.metrics
    val linearProbe: Double? get() = metrics["linear_probe.test_accuracy"]
    val knn: Double? get() = metrics["knn.test_accuracy"]

    fun html(): String {
        fun pct(k: String) = metrics[k]?.let { "%.4f".format(it) } ?: "n/a"
        val rows = listOf(
            "linear probe (test)" to pct("linear_probe.test_accuracy"),
            "kNN (test)" to pct("knn.test_accuracy"),
            "raw pixels / random-init encoder" to "${pct("baselines.raw_pixels.test_accuracy")} / ${pct("baselines.random_init.test_accuracy")}",
            "training" to "%.0f images/s, %.0f s".format(metrics["train.images_per_s"] ?: 0.0, metrics["train.wall_s"] ?: 0.0),
            "run directory" to directory.toString(),
        )
        val plots = listOf("loss.svg", "accuracy.svg").map { directory.resolve("plots").resolve(it) }.filter { Files.isRegularFile(it) }
        return "<div><div style=\"font-weight:bold\">Run ${Html.escape(recipe.name)}</div>${Html.table(rows)}" +
            plots.joinToString("") { Html.inlineSvg(Files.readString(it)) } + "</div>"
    }

    override fun toString() = "NotebookRun(${directory.fileName}, linear probe ${linearProbe})"
}

/**
 * Trains and evaluates [recipe] as `kontrast run` does, into a new directory under [out],
 * with live progress in the cell; [budgetMinutes] caps the training time.
 */
fun train(recipe: Recipe, out: String = "runs", budgetMinutes: Double? = null): NotebookRun {
    val progress = LiveProgress(KernelDisplay.bridge, "kontrast-progress-${System.nanoTime()}")
    val result = Main.withDataset(recipe.data.dataset) {
        RecipeRunner(recipe, listOf(progress), budgetMinutes?.let { it * 60 }).run(Path.of(out))
    }
    return NotebookRun(recipe, result)
}
