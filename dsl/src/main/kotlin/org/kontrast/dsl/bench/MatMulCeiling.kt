package org.kontrast.dsl.bench

import java.util.Random
import org.kontrast.runtime.TfRuntime
import org.tensorflow.Graph
import org.tensorflow.Operand
import org.tensorflow.Session
import org.tensorflow.ndarray.Shape
import org.tensorflow.ndarray.buffer.DataBuffers
import org.tensorflow.op.Ops
import org.tensorflow.op.core.Placeholder
import org.tensorflow.types.TFloat32

/**
 * A 2048^3 float32 MatMul in this process, the practical ceiling of a training step.
 * Sampled between the benchmark's steps, so that a step and its ceiling see the same
 * machine: on a shared host either can slow by half from one second to the next.
 */
class MatMulCeiling(threads: Int) : AutoCloseable {
    private val graph = Graph()
    private val session: Session
    private val input: Placeholder<TFloat32>
    private val output: Operand<TFloat32>
    private val values: TFloat32

    init {
        val tf = Ops.create(graph)
        input = tf.placeholder(TFloat32::class.java, Placeholder.shape(Shape.of(N, N)))
        output = tf.reduceSum(tf.linalg.matMul(input, input), tf.constant(intArrayOf(0, 1)))
        val r = Random(1)
        values = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(FloatArray((N * N).toInt()) { r.nextFloat() }, true, false))
        session = Session(graph, TfRuntime.sessionConfig(threads))
    }

    /** GFLOP/s of one MatMul now. */
    fun sample(): Double {
        val t0 = System.nanoTime()
        session.runner().feed(input, values).fetch(output).run().close()
        return 2.0 * N * N * N / ((System.nanoTime() - t0) / 1e9) / 1e9
    }

    override fun close() {
        values.close()
        session.close()
        graph.close()
    }

    companion object {
        private const val N = 2048L

        /** The median over pairs of a step's GFLOP/s over the ceiling sampled next to it: drift common to both cancels. */
        fun pairedRatio(stepGflops: List<Double>, ceilings: List<Double>): Double {
            require(stepGflops.size == ceilings.size && stepGflops.isNotEmpty()) { "one ceiling sample per step, got ${stepGflops.size} and ${ceilings.size}" }
            return Bench.median(stepGflops.zip(ceilings) { s, c -> s / c })
        }
    }
}
