package org.kontrast.dsl.plot

import org.jetbrains.letsPlot.awt.plot.PlotSvgExport
import org.jetbrains.letsPlot.geom.geomLine
import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.intern.Plot
import org.jetbrains.letsPlot.intern.toSpec
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.label.labs
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.themes.themeMinimal
import org.kontrast.dsl.run.RunHistory

/**
 * The charts of a run, built with Lets-Plot and rendered offline to SVG
 * (Lets-Plot's HTML mode needs a CDN; SVG needs nothing).
 */
object Plots {
    fun loss(steps: List<RunHistory.StepPoint>): Plot =
        letsPlot(mapOf("step" to steps.map { it.step }, "loss" to steps.map { it.loss })) +
            geomLine(color = "#1f77b4") { x = "step"; y = "loss" } +
            ggtitle("Training loss") + labs(x = "step", y = "loss") + themeMinimal()

    /** Accuracy over epochs for every metric whose key ends in test_accuracy. */
    fun accuracy(evals: List<RunHistory.EvalPoint>): Plot {
        val rows = evals.flatMap { e ->
            e.metrics.filterKeys { it.endsWith("test_accuracy") }.map { (k, v) -> Triple(e.epoch + 1, label(k), v) }
        }
        val data = mapOf(
            "epoch" to rows.map { it.first },
            "metric" to rows.map { it.second },
            "accuracy" to rows.map { it.third },
        )
        return letsPlot(data) +
            geomLine { x = "epoch"; y = "accuracy"; color = "metric" } +
            geomPoint { x = "epoch"; y = "accuracy"; color = "metric" } +
            ggtitle("Test accuracy over epochs") + labs(x = "epoch", y = "test accuracy") + themeMinimal()
    }

    private fun label(key: String): String = when {
        key.contains("linear_probe") -> "linear probe"
        key.contains("knn") -> "kNN"
        else -> key.removeSuffix(".test_accuracy")
    } + if (key.startsWith("monitor.")) " (monitor)" else ""

    fun svg(plot: Plot): String = PlotSvgExport.buildSvgImageFromRawSpecs(plot.toSpec().toMutableMap(), null, false)
}
