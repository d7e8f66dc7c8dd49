package org.kontrast.dsl.plot

import org.jetbrains.letsPlot.awt.plot.PlotSvgExport
import kotlin.math.floor
import org.jetbrains.letsPlot.Stat
import org.jetbrains.letsPlot.coord.coordCartesian
import org.jetbrains.letsPlot.geom.geomBar
import org.jetbrains.letsPlot.geom.geomHLine
import org.jetbrains.letsPlot.pos.positionDodge
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

    /**
     * Test accuracy over epochs: the monitor evaluations, and on the full splits the
     * untrained encoder at epoch 0 and the final encoder at [epochs]; the raw-pixel
     * probe is the dashed reference line.
     */
    fun accuracy(evals: List<RunHistory.EvalPoint>, final: Map<String, Double>, epochs: Int): Plot {
        val rows = evals.flatMap { e ->
            e.metrics.filterKeys { it.endsWith("test_accuracy") }.map { (k, v) -> Triple(e.epoch + 1, label(k), v) }
        }.toMutableList()
        fun full(label: String, atStart: String, atEnd: String) {
            final[atStart]?.let { rows += Triple(0, label, it) }
            final[atEnd]?.let { rows += Triple(epochs, label, it) }
        }
        full("linear probe", "baselines.random_init.test_accuracy", "linear_probe.test_accuracy")
        full("kNN", "baselines.random_init.knn_test_accuracy", "knn.test_accuracy")
        val data = mapOf(
            "epoch" to rows.map { it.first },
            "metric" to rows.map { it.second },
            "accuracy" to rows.map { it.third },
        )
        val raw = final["baselines.raw_pixels.test_accuracy"]
        var plot = letsPlot(data) +
            geomLine { x = "epoch"; y = "accuracy"; color = "metric" } +
            geomPoint { x = "epoch"; y = "accuracy"; color = "metric" } +
            labs(x = "epoch", y = "test accuracy") + themeMinimal()
        plot += if (raw != null) {
            geomHLine(yintercept = raw, linetype = "dashed", color = "#7f7f7f") +
                ggtitle("Test accuracy over epochs", "dashed: linear probe on raw pixels (%.4f); epoch 0: untrained encoder".format(raw))
        } else {
            ggtitle("Test accuracy over epochs")
        }
        return plot
    }

    /** Grouped bars: each method's linear-probe and kNN accuracy, with the baselines as dashed lines. */
    fun compare(rows: List<CompareRow>, rawPixels: Double?, randomInit: Double?): Plot {
        val methods = rows.flatMap { listOf(it.name, it.name) }
        val metric = rows.flatMap { listOf("linear probe", "kNN") }
        val accuracy = rows.flatMap { listOf(it.probe, it.knn) }
        var p = letsPlot(mapOf("method" to methods, "metric" to metric, "accuracy" to accuracy)) +
            geomBar(stat = Stat.identity, position = positionDodge()) { x = "method"; y = "accuracy"; fill = "metric" } +
            // The axis starts at the 0.05 below the lowest bar, and below 1 even when every bar is at 1.
            coordCartesian(ylim = Pair(minOf(0.95, floor(((listOfNotNull(rawPixels, randomInit) + accuracy).minOrNull() ?: 0.0) * 20) / 20), 1.0))
        rawPixels?.let { p += geomHLine(yintercept = it, linetype = "dashed", color = "gray") }
        randomInit?.let { p += geomHLine(yintercept = it, linetype = "dotted", color = "black") }
        return p + labs(x = "", y = "test accuracy") +
            ggtitle("Same time budget per method (dashed: raw pixels, dotted: random-init encoder)") + themeMinimal()
    }

    /** One method's line in a comparison. */
    data class CompareRow(val name: String, val probe: Double, val knn: Double)

    private fun label(key: String): String = when {
        key.contains("linear_probe") -> "linear probe"
        key.contains("knn") -> "kNN"
        else -> key.removeSuffix(".test_accuracy")
    } + if (key.startsWith("monitor.")) " (monitor)" else ""

    fun svg(plot: Plot): String = PlotSvgExport.buildSvgImageFromRawSpecs(plot.toSpec().toMutableMap(), null, false)
}
