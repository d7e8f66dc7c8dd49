package org.kontrast.dsl.run

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.kontrast.export.Sha256

/**
 * What must not differ between a run that was stopped and resumed and one that was
 * not: the bytes of the final checkpoint's variables, the logged losses, the epoch
 * means, the evaluations and every final accuracy. Timings are left out.
 */
data class RunOutcome(val weights: Map<String, String>, val history: List<String>, val accuracies: Map<String, String>) {
    /** The first differences from [other], readable; empty if none. */
    fun differences(other: RunOutcome): String = buildList {
        if (weights != other.weights) add("weights: $weights vs ${other.weights}")
        val i = history.indices.firstOrNull { it >= other.history.size || history[it] != other.history[it] }
        if (i != null || history.size != other.history.size) {
            add("history line ${i ?: history.size} (of ${history.size} vs ${other.history.size}): ${history.getOrNull(i ?: -1)} vs ${other.history.getOrNull(i ?: history.size)}")
        }
        (accuracies.keys + other.accuracies.keys).filter { accuracies[it] != other.accuracies[it] }
            .forEach { add("$it: ${accuracies[it]} vs ${other.accuracies[it]}") }
    }.joinToString("\n")

    companion object {
        private val TIMING = Regex(""","?(images_per_s|seconds|[a-z_.]*wall_s)":[^,}]+""")

        fun of(dir: Path): RunOutcome {
            val newest = Files.list(dir.resolve("checkpoints")).use { s ->
                s.filter { it.fileName.toString().startsWith("step-") }.max(compareBy { it.fileName.toString() }).orElseThrow()
            }
            val weights = Files.list(newest).use { s ->
                s.filter { it.fileName.toString().startsWith("model") }.toList()
            }.associate { it.fileName.toString() to Sha256.of(it) }
            val history = Files.readAllLines(dir.resolve("metrics.jsonl")).map { TIMING.replace(it, "") }
            val metrics = Json.parseToJsonElement(Files.readString(dir.resolve("metrics.json"))).jsonObject
            val accuracies = flatten(metrics).filterKeys { it.endsWith("accuracy") || it == "train.final_loss" || it == "train.steps" }
            return RunOutcome(weights, history, accuracies)
        }

        private fun flatten(o: JsonObject, prefix: String = ""): Map<String, String> = o.entries.flatMap { (k, v) ->
            if (v is JsonObject) flatten(v, "$prefix$k.").entries.map { it.toPair() } else listOf("$prefix$k" to v.jsonPrimitive.content)
        }.toMap()
    }
}
