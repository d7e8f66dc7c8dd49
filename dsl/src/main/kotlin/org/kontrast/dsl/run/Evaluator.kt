package org.kontrast.dsl.run

import org.kontrast.data.ImageDataset
import org.kontrast.dsl.recipe.EvalSpec
import org.kontrast.eval.FeatureExtractor
import org.kontrast.eval.Features
import org.kontrast.eval.KnnClassifier
import org.kontrast.eval.LinearProbe
import org.kontrast.eval.MlpProbe
import org.kontrast.eval.AttentionProbe
import org.kontrast.train.Experiment

/**
 * The evaluations of a run: the final linear probe and kNN on the full splits,
 * cheaper monitor evaluations during training, and the baselines computed the
 * same way on raw pixels and on the untrained encoder.
 */
class Evaluator(private val spec: EvalSpec, private val train: ImageDataset, private val test: ImageDataset, private val threads: Int) {
    private val classes = maxOf(train.classes(), test.classes())
    private val trainLabels = train.labels().orElseThrow { IllegalArgumentException("${train.name()} has no labels to evaluate with") }
    private val testLabels = test.labels().orElseThrow { IllegalArgumentException("${test.name()} has no labels to evaluate with") }
    private val probe = LinearProbe(spec.linearProbe.weightDecays.toDoubleArray(), spec.linearProbe.maxIterations, threads)
    private val monitorProbe = LinearProbe(doubleArrayOf(spec.linearProbe.weightDecays[spec.linearProbe.weightDecays.size / 2]),
        spec.linearProbe.maxIterations, threads)
    private val knn = KnnClassifier(spec.knn.k, spec.knn.temperature, threads)
    private val mlp = spec.mlpProbe?.let { MlpProbe(it.hidden, it.epochs, threads) }
    private val monitorTrain = train.head(spec.monitorTrainSize)

    /** Full evaluation of the encoder's representation (and its output, for the ConvNet's Dense). */
    fun full(experiment: Experiment, prefix: String = ""): Map<String, Double> {
        val tr = FeatureExtractor.extract(experiment, train, FeatureExtractor.BATCH_DEFAULT)
        val te = FeatureExtractor.extract(experiment, test, FeatureExtractor.BATCH_DEFAULT)
        val out = linkedMapOf<String, Double>()
        out += probeMetrics("${prefix}linear_probe", probe.evaluate(tr[0], trainLabels, te[0], testLabels, classes), tr[0].dim)
        out["${prefix}knn.test_accuracy"] = knn.accuracy(tr[0], trainLabels, te[0], testLabels, classes)
        mlp?.let { out["${prefix}mlp_probe.test_accuracy"] = it.evaluate(tr[0], trainLabels, te[0], testLabels, classes) }
        spec.attentionProbe?.let { a ->
            val tokens = tokens(a.tokens, experiment.representationTokens(), tr[0].dim)
            out["${prefix}attention_probe.test_accuracy"] =
                AttentionProbe(tokens, a.width, a.heads, a.epochs, threads).evaluate(tr[0], trainLabels, te[0], testLabels, classes)
            out["${prefix}attention_probe.tokens"] = tokens.toDouble()
        }
        out += viewProbes("${prefix}linear_probe", experiment, tr[0], te[0])
        if (experiment.outputDim() != experiment.representationDim() || prefix.isEmpty()) {
            out += probeMetrics("${prefix}linear_probe_output", probe.evaluate(tr[1], trainLabels, te[1], testLabels, classes), tr[1].dim)
        }
        return out
    }

    /** The probe on raw pixels: the floor a representation must beat. */
    fun rawPixels(): Map<String, Double> {
        val tr = FeatureExtractor.pixels(train)
        val te = FeatureExtractor.pixels(test)
        return probeMetrics("baselines.raw_pixels", probe.evaluate(tr, trainLabels, te, testLabels, classes), tr.dim) +
            mapOf("baselines.raw_pixels.knn_test_accuracy" to knn.accuracy(tr, trainLabels, te, testLabels, classes))
    }

    /** The untrained encoder, evaluated exactly as the trained one. */
    fun randomInit(experiment: Experiment): Map<String, Double> {
        val tr = FeatureExtractor.extract(experiment, train, FeatureExtractor.BATCH_DEFAULT)[0]
        val te = FeatureExtractor.extract(experiment, test, FeatureExtractor.BATCH_DEFAULT)[0]
        return probeMetrics("baselines.random_init", probe.evaluate(tr, trainLabels, te, testLabels, classes), tr.dim) +
            mapOf("baselines.random_init.knn_test_accuracy" to knn.accuracy(tr, trainLabels, te, testLabels, classes)) +
            viewProbes("baselines.random_init", experiment, tr, te)
    }

    /** The recipe's token count, else the encoder's positions, else feature groups (or one token when they do not divide). */
    private fun tokens(asked: Int, positions: Int, dim: Int): Int = when {
        asked > 0 -> asked
        positions > 0 -> positions
        dim % AttentionProbe.GROUPS_DEFAULT == 0 -> AttentionProbe.GROUPS_DEFAULT
        else -> 1
    }

    /** The probe on each part of a representation made of parts (CMC's L and ab encoders), beside the one on all of it. */
    private fun viewProbes(key: String, experiment: Experiment, tr: Features, te: Features): Map<String, Double> =
        experiment.representationParts().flatMap { part ->
            val r = probe.evaluate(tr.columns(part.from, part.to), trainLabels, te.columns(part.from, part.to), testLabels, classes)
            listOf("$key.views.${part.name}.test_accuracy" to r.testAccuracy(), "$key.views.${part.name}.features" to part.width().toDouble())
        }.toMap()

    /** A cheap probe and kNN on the first [EvalSpec.monitorTrainSize] training images, for curves over epochs. */
    fun monitor(experiment: Experiment): Map<String, Double> {
        if (spec.monitorTrainSize == 0) return emptyMap()
        val tr = FeatureExtractor.extract(experiment, monitorTrain, FeatureExtractor.BATCH_DEFAULT)[0]
        val te = FeatureExtractor.extract(experiment, test, FeatureExtractor.BATCH_DEFAULT)[0]
        val labels = IntArray(monitorTrain.size()) { trainLabels[it] }
        return mapOf(
            "monitor.linear_probe.test_accuracy" to monitorProbe.evaluate(tr, labels, te, testLabels, classes).testAccuracy(),
            "monitor.knn.test_accuracy" to knn.accuracy(tr, labels, te, testLabels, classes),
        )
    }

    private fun probeMetrics(key: String, r: LinearProbe.Result, dim: Int): Map<String, Double> = mapOf(
        "$key.test_accuracy" to r.testAccuracy(),
        "$key.train_accuracy" to r.trainAccuracy(),
        "$key.weight_decay" to r.weightDecay(),
        "$key.features" to dim.toDouble(),
        "$key.iterations" to r.iterations().toDouble(),
    )
}
