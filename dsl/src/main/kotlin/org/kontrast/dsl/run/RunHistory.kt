package org.kontrast.dsl.run

import java.io.BufferedWriter
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.kontrast.train.TrainingListener

/**
 * Records a run as it goes: every [logEvery]-th step, each epoch and each
 * evaluation, as one JSON line each in metrics.jsonl, and in memory for the plots.
 * A run resumed at step [resumeAt] keeps the lines its checkpoint covers (a last
 * line cut short by the crash is dropped) and continues the file from there.
 */
class RunHistory(file: Path, private val logEvery: Int, resumeAt: Long? = null) : TrainingListener, AutoCloseable {
    data class StepPoint(val step: Long, val epoch: Int, val loss: Double, val lr: Double, val imagesPerSecond: Double)
    data class EvalPoint(val epoch: Int, val step: Long, val metrics: Map<String, Double>)

    val steps = mutableListOf<StepPoint>()
    val evals = mutableListOf<EvalPoint>()
    /** The baselines recorded before the crash, if any; a resumed run need not compute them again. */
    var baselines: Map<String, Double>? = null
        private set
    private val out: BufferedWriter

    init {
        if (resumeAt != null && Files.isRegularFile(file)) {
            val kept = Files.readAllLines(file).filter { line -> runCatching { keep(line, resumeAt) != null }.getOrDefault(false) }
            JsonFiles.writeAtomically(file, kept.joinToString("") { it + "\n" })
            out = Files.newBufferedWriter(file, StandardOpenOption.APPEND)
        } else {
            out = Files.newBufferedWriter(file)
        }
    }

    /** Whether a recorded line belongs to the first [resumeAt] steps; loads what the plots need. */
    private fun keep(line: String, resumeAt: Long): Unit? {
        val o = runCatching { Json.parseToJsonElement(line).jsonObject }.getOrNull() ?: return null
        fun num(k: String) = o[k]?.jsonPrimitive?.doubleOrNull
        fun metrics(k: String) = (o[k] as? JsonObject)?.mapNotNull { (key, v) -> v.jsonPrimitive.doubleOrNull?.let { key to it } }?.toMap()
        val step = num("step")?.toLong()
        return when (o["event"]?.jsonPrimitive?.content) {
            "baselines" -> { baselines = metrics("metrics"); Unit }
            "step" -> if (step != null && step < resumeAt) {
                steps += StepPoint(step, num("epoch")!!.toInt(), num("loss")!!, num("lr")!!, num("images_per_s")!!); Unit
            } else null
            "epoch" -> if (step != null && step <= resumeAt) Unit else null
            "eval" -> if (step != null && step <= resumeAt) {
                evals += EvalPoint(num("epoch")!!.toInt(), step, metrics("metrics").orEmpty()); Unit
            } else null
            else -> null
        }
    }

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
