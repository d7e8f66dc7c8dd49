package org.kontrast.kernel

import org.jetbrains.kotlinx.jupyter.api.HTML
import org.kontrast.train.TrainingListener

/**
 * Training progress in the notebook, one display updated in place under a stable id:
 * epoch, step, loss, images/s, ETA and a sparkline of the loss. Redrawn at most
 * every [MIN_INTERVAL_MS]; the last state is displayed once more at the end, as
 * nbconvert keeps only the first frame of an updated display.
 */
class LiveProgress(private val host: DisplayBridge?, private val id: String) : TrainingListener {
    private var plan: TrainingListener.Plan? = null
    private val losses = ArrayList<Double>()
    private var last: TrainingListener.StepEvent? = null
    private var lastDraw = 0L
    private var imagesPerSecond = 0.0

    override fun onStart(plan: TrainingListener.Plan) {
        this.plan = plan
        host?.display?.invoke(HTML(html("starting")), id)
    }

    override fun onStep(event: TrainingListener.StepEvent) {
        last = event
        losses += event.loss.toDouble()
        imagesPerSecond = if (imagesPerSecond == 0.0) event.imagesPerSecond else 0.9 * imagesPerSecond + 0.1 * event.imagesPerSecond
        val now = System.currentTimeMillis()
        if (now - lastDraw >= MIN_INTERVAL_MS) {
            lastDraw = now
            host?.update?.invoke(HTML(html("training")), id)
        }
    }

    override fun onEnd(summary: TrainingListener.Summary) {
        host?.update?.invoke(HTML(html("done")), id)
        host?.display?.invoke(HTML(html("done")), null)
    }

    /** The display's HTML in its current state. */
    fun html(state: String): String {
        val p = plan
        val e = last
        val done = e?.let { it.step + 1 } ?: (p?.firstStep() ?: 0)
        val total = p?.totalSteps() ?: 0
        val pct = if (total > 0) 100.0 * done / total else 0.0
        val eta = if (imagesPerSecond > 0 && p != null) (total - done) * p.batchSize() / imagesPerSecond else Double.NaN
        val text = buildString {
            append("epoch ${(e?.epoch ?: 0) + 1}/${p?.epochs() ?: "?"} · step $done/$total")
            e?.let { append(" · loss %.4f · %.0f images/s".format(it.loss, imagesPerSecond)) }
            if (state == "training" && eta.isFinite()) append(" · ETA %.0f s".format(eta))
            if (state == "done") append(" · done")
        }
        return "<div style=\"font-family:monospace\"><div style=\"width:320px;height:8px;background:#eee;border-radius:4px\">" +
            "<div style=\"width:${"%.1f".format(pct)}%;height:8px;background:#2e86c1;border-radius:4px\"></div></div>" +
            "${Html.escape(text)} ${sparkline(losses)}</div>"
    }

    companion object {
        const val MIN_INTERVAL_MS = 500L

        /** The loss as a 120 x 20 SVG polyline, at most 200 points. */
        fun sparkline(values: List<Double>): String {
            if (values.size < 2) return ""
            val every = maxOf(1, values.size / 200)
            val v = values.filterIndexed { i, _ -> i % every == 0 }
            val lo = v.min()
            val span = (v.max() - lo).takeIf { it > 0 } ?: 1.0
            val points = v.mapIndexed { i, y -> "%.1f,%.1f".format(120.0 * i / (v.size - 1), 19 - 18 * (y - lo) / span) }
            return "<svg width=\"120\" height=\"20\" style=\"vertical-align:middle\"><polyline fill=\"none\" stroke=\"#2e86c1\" " +
                "stroke-width=\"1\" points=\"${points.joinToString(" ")}\"/></svg>"
        }
    }
}
