package org.kontrast.dsl.bench

import java.nio.file.Files
import java.nio.file.Path
import java.util.Random
import java.util.concurrent.Callable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import org.kontrast.augment.Augmentation
import org.kontrast.augment.AugmentationPipeline
import org.kontrast.augment.ColorJitter
import org.kontrast.augment.HorizontalFlip
import org.kontrast.augment.ImageShape
import org.kontrast.augment.RandomGrayscale
import org.kontrast.augment.RandomResizedCrop
import org.kontrast.augment.RandomStream
import org.kontrast.data.ImageDataset
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.run.JsonFiles
import org.kontrast.dsl.run.Provenance
import org.kontrast.loss.NtXentLoss
import org.kontrast.method.EncoderFactory
import org.kontrast.method.SimClr
import org.kontrast.nn.Padding
import org.kontrast.runtime.TfRuntime
import org.kontrast.train.Experiment
import org.kontrast.train.Optimizers
import org.kontrast.view.TwoViews
import org.tensorflow.Graph
import org.tensorflow.Session
import org.tensorflow.ndarray.Shape
import org.tensorflow.op.Ops
import org.tensorflow.op.core.Placeholder
import org.tensorflow.types.TFloat32
import org.tensorflow.types.TUint8
import picocli.CommandLine.Command
import picocli.CommandLine.Option

/**
 * One SimCLR training step timed exactly as shared/bench/peer/simclr_torch.py times
 * it: the same encoder (--arch), head 128-128, NT-Xent at t = 0.1, Adam, random
 * input; images/s counts source images (two views each). Also measures this
 * process's MatMul ceiling, so the step can be read as a share of the CPU's limit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = ["Time the SimCLR training step against the PyTorch peer's setup and this CPU's MatMul ceiling."])
class Bench : Callable<Int> {
    @Option(names = ["--arch"], description = ["convNet or resNet18 (default: convNet)"])
    var arch = "convNet"

    @Option(names = ["--size"]) var size = 32
    @Option(names = ["--channels"]) var channels = 3
    @Option(names = ["--batch"]) var batch = 256
    @Option(names = ["--steps"]) var steps = 10
    @Option(names = ["--warmup"]) var warmup = 3

    @Option(names = ["--augment"], description = ["on or off (default: off, as the peer)"])
    var augment = "off"

    @Option(names = ["--threads"], description = ["intra-op threads (default: one per core)"])
    var threads = TfRuntime.defaultThreads()

    @Option(names = ["--rss-every"], description = ["record resident memory every N timed steps (a soak: use with a large --steps)"])
    var rssEvery = 0

    @Option(names = ["--profile"], description = ["after timing, trace N more steps and print the op types that take the most time"])
    var profile = 0

    @Option(names = ["--json"], description = ["print one JSON line only"])
    var json = false

    override fun call(): Int {
        if (arch !in setOf("convNet", "resNet18")) throw RecipeException("--arch: unknown \"$arch\" (known: convNet, resNet18)")
        if (augment !in setOf("on", "off")) throw RecipeException("--augment: expected on or off, got \"$augment\"")
        if (size < 1 || channels < 1 || batch < 2 || steps < 1 || warmup < 0 || threads < 1 || rssEvery < 0 || profile < 0) {
            throw RecipeException("--size, --channels, --steps, --threads must be >= 1, --batch >= 2, --warmup, --rss-every and --profile >= 0")
        }
        val shape = ImageShape(size, size, channels)
        val augmentations = if (augment == "on") simclrAugmentations(size) else emptyList()
        val encoder = if (arch == "convNet") EncoderFactory.convNet(128, 4, Padding.VALID) else EncoderFactory.resNet18(1)
        val method = SimClr(TwoViews(AugmentationPipeline(augmentations)), encoder, 128, 128, NtXentLoss(0.1))
        val data = randomImages(shape, batch * 2)
        val order = IntArray(data.size()) { it }
        val stepTimes = mutableListOf<Double>()
        val losses = mutableListOf<Float>()
        val rss = linkedMapOf<String, Double?>()
        val experiment = try {
            Experiment.build(method, shape, batch, Optimizers.adam(), 0, threads)
        } catch (e: IllegalArgumentException) {
            throw RecipeException("--size $size: ${e.message}")
        }
        val forward = if (arch == "convNet") StepFlops.convNetForward(size, channels) else StepFlops.resNet18Forward(size, channels)
        val stepFlops = StepFlops.step(forward, batch)
        // A soak samples the ceiling after about CEILING_SAMPLES of its steps, not after every one.
        val ceilingEvery = maxOf(1, steps / CEILING_SAMPLES)
        val pairedStepGflops = mutableListOf<Double>()
        val ceilings = mutableListOf<Double>()
        MatMulCeiling(threads).use { ceiling ->
            repeat(2) { ceiling.sample() }
            experiment.use { e ->
                for (i in 0 until warmup + steps) {
                    data.batch(order, (i % 2) * batch, batch).use { b ->
                        val t0 = System.nanoTime()
                        val loss = e.step(b, i.toLong(), 1e-3)
                        val dt = (System.nanoTime() - t0) / 1e9
                        if (i >= warmup) {
                            stepTimes += dt
                            losses += loss
                            val timed = i - warmup + 1
                            if (rssEvery > 0 && timed % rssEvery == 0) rss[timed.toString()] = memoryMb("VmRSS:")
                            if (timed % ceilingEvery == 0) {
                                pairedStepGflops += stepFlops / dt / 1e9
                                ceilings += ceiling.sample()
                            }
                        }
                    }
                }
                if (profile > 0) {
                    val traces = (0 until profile).map { i -> data.batch(order, 0, batch).use { b -> e.traceStep(b, (warmup + steps + i).toLong(), 1e-3) } }
                    StepProfile.of(traces).print(System.err)
                }
            }
        }
        val stepMedian = median(stepTimes)
        val augMedian = if (augmentations.isEmpty()) 0.0 else augmentationTime(augmentations, shape, data, order)
        val stepGflops = stepFlops / stepMedian / 1e9
        val result = linkedMapOf<String, Any?>(
            "tool" to "kontrast-${Provenance.kontrastVersion}", "arch" to arch, "batch" to batch, "size" to size,
            "channels" to channels, "augment" to augment, "threads" to threads, "onednn" to TfRuntime.oneDnnEnabled(),
            "step_s_median" to round(stepMedian, 4), "images_per_s" to round(batch / stepMedian, 1),
            "matmul_gflops" to round(median(ceilings), 1), "step_gflops" to round(stepGflops, 1),
            "ratio_to_ceiling" to round(MatMulCeiling.pairedRatio(pairedStepGflops, ceilings), 3),
            "augment_fraction" to if (augmentations.isEmpty()) null else round(augMedian / stepMedian, 3),
            "peak_rss_mb" to peakRssMb(), "rss_mb_by_step" to rss.ifEmpty { null }, "loss_first" to round(losses.first().toDouble(), 4),
            "loss_last" to round(losses.last().toDouble(), 4),
        )
        val line = Json.encodeToString(JsonElement.serializer(), JsonFiles.toJson(result))
        if (json) {
            println(line)
        } else {
            result.forEach { (k, v) -> println("%-18s %s".format(k, v ?: "-")) }
        }
        return 0
    }

    /** SimCLR's CIFAR augmentations (appendix A), without blur as SimCLR does for 32x32. */
    private fun simclrAugmentations(size: Int): List<Augmentation> = listOf(
        RandomResizedCrop(size, RandomResizedCrop.SCALE_MIN_DEFAULT, RandomResizedCrop.SCALE_MAX_DEFAULT,
            RandomResizedCrop.RATIO_MIN_DEFAULT, RandomResizedCrop.RATIO_MAX_DEFAULT),
        HorizontalFlip(HorizontalFlip.P_DEFAULT),
        ColorJitter(0.4, 0.4, 0.4, 0.1, ColorJitter.P_DEFAULT),
        RandomGrayscale(RandomGrayscale.P_DEFAULT),
    )

    /** Median time of the two views' augmentation alone, reduced to a scalar so no copy-out is timed. */
    private fun augmentationTime(augs: List<Augmentation>, shape: ImageShape, data: ImageDataset, order: IntArray): Double =
        Graph().use { g ->
            val tf = Ops.create(g)
            val input = tf.placeholder(TUint8::class.java, Placeholder.shape(Shape.of(batch.toLong(), size.toLong(), size.toLong(), channels.toLong())))
            val x = tf.math.mul(tf.dtypes.cast(input, TFloat32::class.java), tf.constant(1f / 255f))
            val views = TwoViews(AugmentationPipeline(augs)).apply(tf, x, shape, RandomStream(tf, tf.constant(longArrayOf(0, 1))))
            val sum = tf.math.add(tf.reduceSum(views[0], tf.constant(intArrayOf(0, 1, 2, 3))), tf.reduceSum(views[1], tf.constant(intArrayOf(0, 1, 2, 3))))
            Session(g, TfRuntime.sessionConfig(threads)).use { s ->
                data.batch(order, 0, batch).use { b ->
                    median((0 until warmup + steps).map {
                        val t0 = System.nanoTime()
                        s.runner().feed(input, b).fetch(sum).run().close()
                        (System.nanoTime() - t0) / 1e9
                    }.drop(warmup))
                }
            }
        }

    companion object {
        /** About this many ceiling samples in a run; each follows the step it is paired with. */
        private const val CEILING_SAMPLES = 50

        fun randomImages(shape: ImageShape, n: Int): ImageDataset {
            val px = ByteArray(n * shape.height() * shape.width() * shape.channels())
            Random(0).nextBytes(px)
            return ImageDataset("random", px, null, shape)
        }

        fun median(v: List<Double>): Double = v.sorted().let { s -> if (s.size % 2 == 1) s[s.size / 2] else (s[s.size / 2 - 1] + s[s.size / 2]) / 2 }

        /** Peak resident memory of this process (VmHWM), in MB; null where /proc is absent. */
        fun peakRssMb(): Double? = memoryMb("VmHWM:")

        /** One memory line of /proc/self/status (VmRSS:, VmHWM:) in MB; null where /proc is absent. */
        private fun memoryMb(field: String): Double? = try {
            Files.readAllLines(Path.of("/proc/self/status")).firstOrNull { it.startsWith(field) }
                ?.split(Regex("\\s+"))?.get(1)?.toDouble()?.let { round(it / 1024, 1) }
        } catch (e: Exception) {
            null
        }

        private fun round(v: Double, digits: Int): Double = Math.round(v * Math.pow(10.0, digits.toDouble())) / Math.pow(10.0, digits.toDouble())
    }
}
