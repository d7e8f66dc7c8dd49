package org.kontrast.dsl.bench

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.kontrast.dsl.cli.Main

class BenchTest {
    @Test
    fun `convNet FLOPs per view match the layer-by-layer count`() {
        // 32 -> 15 -> 7 -> 3 -> 1 (VALID, stride 2): 2*15*15*128*9*3 + 2*7*7*128*9*128 + 2*3*3*128*9*128
        // + 2*1*1*128*9*128 + Dense 2*128*128 + head 2*128*128*2 = 19,053,312.
        assertEquals(19_053_312.0, StepFlops.convNetForward(32, 3))
        // A step on 2N = 4 views: 3 x (4 x forward + 2 x 4 x 4 x 128).
        assertEquals(3.0 * (4 * 19_053_312.0 + 2.0 * 16 * 128), StepFlops.step(19_053_312.0, 2))
    }

    @Test
    fun `bench prints one JSON line with the measured fields`() {
        val out = java.io.ByteArrayOutputStream()
        val old = System.out
        System.setOut(java.io.PrintStream(out, true))
        val code = try {
            Main.commandLine().execute("bench", "--size", "32", "--batch", "8", "--steps", "2", "--warmup", "1", "--augment", "on", "--profile", "1", "--json")
        } finally {
            System.setOut(old)
        }
        assertEquals(0, code)
        val line = out.toString().trim().lines().last()
        val d = Json.parseToJsonElement(line).jsonObject
        for (k in listOf("images_per_s", "step_s_median", "matmul_gflops", "step_gflops", "ratio_to_ceiling", "augment_fraction", "peak_rss_mb")) {
            assertTrue(d[k]!!.jsonPrimitive.content.toDouble() > 0, "$k in $line")
        }
        assertEquals("true", d["onednn"]!!.jsonPrimitive.content)
    }

    @Test
    fun `an input too small for the peer's VALID ConvNet names the option`() {
        val err = java.io.StringWriter()
        val code = Main.commandLine().also { it.err = java.io.PrintWriter(err, true) }.execute("bench", "--size", "16", "--json")
        assertEquals(2, code)
        assertTrue(err.toString().startsWith("kontrast: --size 16: ConvNet: a 16x16 input shrinks to nothing"), err.toString())
    }
}

class StepProfileTest {
    private fun node(name: String, type: String, start: Long, micros: Long) = org.tensorflow.proto.NodeExecStats.newBuilder()
        .setNodeName(name).setTimelineLabel("$name = $type(a, b)").setAllStartMicros(start).setAllEndRelMicros(micros).build()

    @Test
    fun `a profile sums op time by type and by op, per traced step`() {
        fun trace(scale: Long) = org.tensorflow.proto.StepStats.newBuilder().addDevStats(
            org.tensorflow.proto.DeviceStepStats.newBuilder()
                .addNodeStats(node("conv_a", "Conv2D", 100, 30 * scale))
                .addNodeStats(node("conv_b", "Conv2D", 130, 10 * scale))
                .addNodeStats(node("relu", "Relu", 140, 20 * scale)),
        ).build()
        val p = StepProfile.of(listOf(trace(1), trace(3)))
        // Conv2D: (40 + 120) / 2 steps; Relu (20 + 60) / 2; wall: from 100 to 140 + 20 s, (60 + 100) / 2.
        assertEquals(mapOf("Conv2D" to 80.0, "Relu" to 40.0), p.microsByType)
        assertEquals(60.0, p.microsByNode["conv_a (Conv2D)"])
        assertEquals(80.0, p.wallMicros)
        val printed = java.io.ByteArrayOutputStream().also { p.print(java.io.PrintStream(it, true)) }.toString()
        assertTrue(printed.lines()[1].trim().startsWith("Conv2D"), printed)
    }
}

class MatMulCeilingTest {
    @Test
    fun `the ratio pairs each step with the ceiling sampled beside it`() {
        // The machine halves its speed for the last two pairs (steps 100 -> 50 GFLOP/s, ceiling 160 -> 80): it cancels.
        assertEquals(0.625, MatMulCeiling.pairedRatio(listOf(100.0, 100.0, 100.0, 50.0, 50.0), listOf(160.0, 160.0, 160.0, 80.0, 80.0)), 1e-12)
        // One ceiling sample slowed alone does not move the median; the ratio of medians would read 100 / 80 here.
        assertEquals(0.625, MatMulCeiling.pairedRatio(listOf(100.0, 100.0, 100.0, 50.0, 50.0), listOf(160.0, 160.0, 80.0, 80.0, 80.0)), 1e-12)
    }

    @Test
    fun `a ceiling sample is a positive rate`() {
        MatMulCeiling(1).use { assertTrue(it.sample() > 0) }
    }
}
