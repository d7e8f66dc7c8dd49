package org.kontrast.dsl.bench

import java.io.PrintStream
import org.tensorflow.proto.StepStats

/**
 * Where a traced step's time goes, by op type: the summed run time of every op of a type
 * over the traced steps, per step. Ops run in parallel, so the shares can add up past the
 * step's wall time; they rank the cost, they do not partition it.
 */
class StepProfile private constructor(
    val microsByType: Map<String, Double>,
    val microsByNode: Map<String, Double>,
    val wallMicros: Double,
    val steps: Int,
) {

    fun print(out: PrintStream, top: Int = TOP_DEFAULT) {
        val total = microsByType.values.sum()
        out.println("profile: %d traced step(s), wall %.1f ms per step, op time %.1f ms per step".format(steps, wallMicros / 1000, total / 1000))
        microsByType.entries.sortedByDescending { it.value }.take(top).forEach { (type, micros) ->
            out.println("  %-40s %9.1f ms %5.1f%%".format(type, micros / 1000, 100 * micros / total))
        }
        out.println("slowest ops:")
        microsByNode.entries.sortedByDescending { it.value }.take(top).forEach { (node, micros) ->
            out.println("  %-70s %9.1f ms %5.1f%%".format(node, micros / 1000, 100 * micros / total))
        }
    }

    companion object {
        const val TOP_DEFAULT = 25
        private val OP_TYPE = Regex("^[^=]*=\\s*([A-Za-z0-9_]+)\\(")

        fun of(traces: List<StepStats>): StepProfile {
            val byType = sortedMapOf<String, Double>()
            val byNode = sortedMapOf<String, Double>()
            var wall = 0.0
            for (trace in traces) {
                var first = Long.MAX_VALUE
                var last = Long.MIN_VALUE
                for (device in trace.devStatsList) {
                    for (node in device.nodeStatsList) {
                        val type = OP_TYPE.find(node.timelineLabel)?.groupValues?.get(1) ?: node.nodeName.substringBefore(':')
                        byType.merge(type, node.allEndRelMicros.toDouble() / traces.size, Double::plus)
                        byNode.merge("${node.nodeName} ($type)", node.allEndRelMicros.toDouble() / traces.size, Double::plus)
                        first = minOf(first, node.allStartMicros)
                        last = maxOf(last, node.allStartMicros + node.allEndRelMicros)
                    }
                }
                if (last > first) wall += (last - first).toDouble() / traces.size
            }
            return StepProfile(byType, byNode, wall, traces.size)
        }
    }
}
