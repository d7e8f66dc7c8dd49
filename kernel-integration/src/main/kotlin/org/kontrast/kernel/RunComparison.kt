package org.kontrast.kernel

import org.kontrast.dsl.plot.Plots

/** Runs side by side: linear-probe and kNN accuracy per run in one chart, baselines as lines. */
class RunComparison(val runs: List<NotebookRun>) {
    fun html(): String {
        val rows = runs.map { Plots.CompareRow(it.recipe.name, it.linearProbe ?: 0.0, it.knn ?: 0.0) }
        val first = runs.firstOrNull()?.metrics.orEmpty()
        val svg = Plots.svg(Plots.compare(rows, first["baselines.raw_pixels.test_accuracy"], first["baselines.random_init.test_accuracy"]))
        val table = Html.table(runs.map { it.recipe.name to "probe %.4f · kNN %.4f".format(it.linearProbe ?: Double.NaN, it.knn ?: Double.NaN) })
        return "<div>$table${Html.inlineSvg(svg)}</div>"
    }
}

fun compare(vararg runs: NotebookRun) = RunComparison(runs.toList())
