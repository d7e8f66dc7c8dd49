package org.kontrast.dsl.run

import java.io.BufferedWriter
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.serialization.json.JsonElement
import org.kontrast.train.TrainingListener

/**
 * Records a run as it goes: every [logEvery]-th step, each epoch and each
 * evaluation, as one JSON line each in metrics.jsonl, and in memory for the plots.
 */
class RunHistory(file: Path, private val logEvery: Int) : TrainingListener, AutoCloseable {
    data class StepPoint(val step: Long, val epoch: Int, val loss: Double, val lr: Double, val imagesPerSecond: Double)
    data class EvalPoint(val epoch: Int, val step: Long, val metrics: Map<String, Double>)

    private val out: BufferedWriter = Files.newBufferedWriter(file)
    val steps = mutableListOf<StepPoint>()
    val evals = mutableListOf<EvalPoint>()

    override fun onStep(event: TrainingListener.StepEvent) {
        if (event.step % logEvery != 0L) return
        val p = StepPoint(event.step, event.epoch, event.loss.toDouble(), event.learningRate, event.imagesPerSecond)
        steps += p
        write(mapOf("event" to "step", "step" to p.step, "epoch" to p.epoch, "loss" to p.loss, "lr" to p.lr,
            "images_per_s" to p.imagesPerSecond))
    }

    override fun onEpochEnd(event: TrainingListener.EpochEvent) = write(mapOf("event" to "epoch", "epoch" to event.epoch,
        "step" to event.step, "mean_loss" to event.meanLoss, "seconds" to event.seconds, "images_per_s" to event.imagesPerSecond))

    override fun onEval(event: TrainingListener.EvalEvent) {
        evals += EvalPoint(event.epoch, event.step, event.metrics)
        write(mapOf("event" to "eval", "epoch" to event.epoch, "step" to event.step, "metrics" to event.metrics))
    }

    fun write(fields: Map<String, Any?>) {
        out.write(encode(JsonFiles.toJson(fields)))
        out.newLine()
        out.flush()
    }

    private fun encode(e: JsonElement) = kotlinx.serialization.json.Json.encodeToString(JsonElement.serializer(), e)

    override fun close() = out.close()
}
