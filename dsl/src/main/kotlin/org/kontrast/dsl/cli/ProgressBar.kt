package org.kontrast.dsl.cli

import java.io.PrintStream
import org.kontrast.train.TrainingListener

/**
 * A one-line terminal progress bar: epoch, step, loss, images/s, ETA. On a
 * terminal it redraws in place; otherwise (CI, pipes) it prints a line every
 * [plainEvery] steps and at each epoch end.
 */
class ProgressBar(
    private val out: PrintStream = System.out,
    private val interactive: Boolean = System.console() != null,
    private val plainEvery: Int = 50,
) : TrainingListener {
    private var plan: TrainingListener.Plan? = null
    private var smoothed = 0.0
    private var lastDraw = 0L

    override fun onStart(plan: TrainingListener.Plan) {
        this.plan = plan
    }

    override fun onStep(event: TrainingListener.StepEvent) {
        val p = plan ?: return
        smoothed = if (smoothed == 0.0) event.imagesPerSecond else 0.9 * smoothed + 0.1 * event.imagesPerSecond
        val done = event.step + 1
        val now = System.nanoTime()
        if (interactive) {
            if (now - lastDraw < 200_000_000L && done != p.totalSteps) return
            lastDraw = now
            out.print("\r" + line(p, event, done))
            out.flush()
        } else if (done % plainEvery == 0L) {
            out.println(line(p, event, done))
        }
    }

    override fun onEpochEnd(event: TrainingListener.EpochEvent) {
        if (interactive) out.println()
        out.println("epoch %d/%d done: mean loss %.4f, %.0f images/s, %.1f s".format(
            event.epoch + 1, plan?.epochs ?: 0, event.meanLoss, event.imagesPerSecond, event.seconds))
    }

    override fun onEval(event: TrainingListener.EvalEvent) {
        val parts = event.metrics.filterKeys { it.endsWith("test_accuracy") }
            .map { (k, v) -> "%s %.4f".format(k.removeSuffix(".test_accuracy"), v) }
        if (parts.isNotEmpty()) out.println("  eval after epoch ${event.epoch + 1}: ${parts.joinToString(", ")}")
    }

    private fun line(p: TrainingListener.Plan, e: TrainingListener.StepEvent, done: Long): String {
        val width = 24
        val filled = (width * done / p.totalSteps).toInt().coerceIn(0, width)
        val bar = "#".repeat(filled) + ".".repeat(width - filled)
        val remaining = (p.totalSteps - done) * p.batchSize / smoothed.coerceAtLeast(1e-9)
        return "epoch %d/%d [%s] step %d/%d loss %.4f %5.0f img/s ETA %s".format(
            e.epoch + 1, p.epochs, bar, done, p.totalSteps, e.loss, smoothed, duration(remaining))
    }

    private fun duration(seconds: Double): String {
        val s = seconds.toLong()
        return if (s >= 60) "%dm%02ds".format(s / 60, s % 60) else "${s}s"
    }
}
