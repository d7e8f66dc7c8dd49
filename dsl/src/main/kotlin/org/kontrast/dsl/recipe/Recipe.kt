package org.kontrast.dsl.recipe

import kotlinx.serialization.Serializable
import org.kontrast.datasets.Catalog
import org.kontrast.eval.KnnClassifier
import org.kontrast.eval.LinearProbe
import org.kontrast.method.Cpc
import org.kontrast.method.CpcV2
import org.kontrast.method.SimClr
import org.kontrast.view.PatchGrid

/**
 * One reproducible experiment: everything a run needs, as an immutable value.
 * Its canonical JSON (sorted keys, defaults included) is what [RecipeJson.sha256] hashes.
 */
@Serializable
data class Recipe @JvmOverloads constructor(
    val schemaVersion: Int = RecipeJson.SCHEMA_VERSION,
    val name: String,
    val method: String = SimClr.NAME,
    val data: DataSpec = DataSpec(),
    val views: ViewsSpec = ViewsSpec.defaultFor(method),
    val encoder: EncoderSpec = EncoderSpec.defaultFor(method),
    val head: HeadSpec = HeadSpec(),
    val loss: LossSpec = LossSpec.defaultFor(method),
    val optimizer: OptimizerSpec = OptimizerSpec.Adam(),
    val schedule: ScheduleSpec = ScheduleSpec.WarmupCosine(),
    val train: TrainSpec = TrainSpec(),
    val eval: EvalSpec = EvalSpec(),
    val runtime: RuntimeSpec = RuntimeSpec(),
) {
    companion object {
        /** Parses recipe JSON (migrating older schema versions); errors name the JSON path. */
        fun fromJson(text: String, source: String = "recipe"): Recipe = RecipeJson.parse(text, source)

        /**
         * [recipe] with another method: its loss, views and encoder follow the new method's
         * defaults where they were the old method's (a loss of another method is replaced too),
         * and stay where they were set.
         */
        @JvmStatic
        fun withMethod(recipe: Recipe, method: String): Recipe {
            val old = recipe.method
            return recipe.copy(
                method = method,
                loss = if (method in recipe.loss.methods) recipe.loss else LossSpec.defaultFor(method),
                views = if (recipe.views == ViewsSpec.defaultFor(old)) ViewsSpec.defaultFor(method) else recipe.views,
                encoder = if (recipe.encoder == EncoderSpec.defaultFor(old)) EncoderSpec.defaultFor(method) else recipe.encoder,
            )
        }
    }
}

/**
 * Which dataset, and optionally only its first images (for quick runs). [dataset] is
 * a catalog name, or "imageFolder" with [path] naming a folder of train/<class>/ and
 * test/<class>/ images (relative paths are resolved against the working directory).
 */
@Serializable
data class DataSpec @JvmOverloads constructor(
    val dataset: String = Catalog.FASHION_MNIST,
    val trainLimit: Int? = null,
    val testLimit: Int? = null,
    val path: String? = null,
)

/**
 * How an image becomes views: two views through the same [augmentations]; or, for
 * CPC, the [patchGrid] it is cut into (after the augmentations, if any).
 */
@Serializable
data class ViewsSpec @JvmOverloads constructor(
    val augmentations: List<AugmentationSpec> = listOf(
        AugmentationSpec.RandomResizedCrop(),
        AugmentationSpec.HorizontalFlip(),
        AugmentationSpec.ColorJitter(),
        AugmentationSpec.RandomGrayscale(),
    ),
    val patchGrid: PatchGridSpec? = null,
) {
    companion object {
        /** SimCLR's augmentations; for CPC no augmentation and its patch grid (with v2's patch switches on for cpcv2). */
        @JvmStatic
        fun defaultFor(method: String): ViewsSpec = when (method) {
            Cpc.NAME -> ViewsSpec(emptyList(), PatchGridSpec())
            CpcV2.NAME -> ViewsSpec(emptyList(), PatchGridSpec(colorDrop = true, patchAugment = true))
            else -> ViewsSpec()
        }
    }
}

/**
 * CPC's grid of [size] x [size] patches at [stride]; [colorDrop] keeps one random colour
 * channel per patch and [patchAugment] crops, resizes and flips each patch (both CPC v2);
 * [standardize] scales each patch's channels to zero mean and unit variance, in training
 * and evaluation alike, so a stroke looks alike in any colours. [pooling] is how the
 * evaluated representation pools the patch features: "mean" over the grid (the papers'
 * readout), or "pyramid" (that mean plus the four quadrants' means); every run also
 * probes the plain mean as `linear_probe_output`.
 */
@Serializable
data class PatchGridSpec @JvmOverloads constructor(
    val size: Int = PatchGrid.SIZE_DEFAULT,
    val stride: Int = PatchGrid.STRIDE_DEFAULT,
    val colorDrop: Boolean = false,
    val patchAugment: Boolean = false,
    val standardize: Boolean = false,
    val pooling: String = "mean",
)

/** A closed interval, e.g. a crop's area fraction. */
@Serializable
data class Interval @JvmOverloads constructor(val min: Double, val max: Double)

/** The projection head: Dense(hidden) -> ReLU -> Dense(out). */
@Serializable
data class HeadSpec @JvmOverloads constructor(
    val hidden: Int = org.kontrast.nn.ProjectionHead.HIDDEN_DEFAULT,
    val out: Int = org.kontrast.nn.ProjectionHead.OUT_DEFAULT,
)

/**
 * How long and how: epochs, batch, seed, threads (0 = one per core), checkpoints
 * kept, and [checkpointEverySteps] (0 = at epoch ends only; otherwise also every
 * that many steps, which bounds the work a crash can cost).
 */
@Serializable
data class TrainSpec @JvmOverloads constructor(
    val epochs: Int = 10,
    val batchSize: Int = 256,
    val seed: Long = 42,
    val threads: Int = 0,
    val checkpointsKept: Int = org.kontrast.train.CheckpointStore.KEEP_DEFAULT,
    val logEverySteps: Int = 10,
    val checkpointEverySteps: Int = 0,
)

/**
 * Where and how the step runs. [device]: "auto" (the first GPU TensorFlow sees, else
 * the CPU), "cpu", or "gpu:N"; a GPU asked for and absent stops the run at start.
 * [precision]: "float32", or "mixed" (float16 on a GPU with loss scaling, bfloat16 on
 * a CPU that has bfloat16 instructions; refused on one that has not).
 */
@Serializable
data class RuntimeSpec @JvmOverloads constructor(
    val device: String = "auto",
    val precision: String = "float32",
)

/**
 * Evaluation. Every [everyEpochs] epochs a monitor probe and kNN run on the first
 * [monitorTrainSize] training images (0 = off); the final evaluation and the
 * baselines use the whole train and test splits.
 */
@Serializable
data class EvalSpec @JvmOverloads constructor(
    val linearProbe: ProbeSpec = ProbeSpec(),
    val knn: KnnSpec = KnnSpec(),
    val everyEpochs: Int = 1,
    val monitorTrainSize: Int = 10000,
    val baselines: Boolean = true,
    val mlpProbe: MlpProbeSpec? = null,
    val attentionProbe: AttentionProbeSpec? = null,
)

/**
 * A small self-attention classifier beside the linear probe, in the final evaluation; null = off. [tokens] 0 reads
 * the encoder's positions (a ConvNet's top map), or [org.kontrast.eval.AttentionProbe.GROUPS_DEFAULT] feature groups
 * when it has none.
 */
@Serializable
data class AttentionProbeSpec @JvmOverloads constructor(
    val tokens: Int = 0,
    val width: Int = org.kontrast.eval.AttentionProbe.WIDTH_DEFAULT,
    val heads: Int = org.kontrast.eval.AttentionProbe.HEADS_DEFAULT,
    val epochs: Int = org.kontrast.eval.AttentionProbe.EPOCHS_DEFAULT,
)

/** A small MLP probe (Dense(hidden) -> ReLU -> classes, Adam) beside the linear one, in the final evaluation; null = off. */
@Serializable
data class MlpProbeSpec @JvmOverloads constructor(
    val hidden: Int = org.kontrast.eval.MlpProbe.HIDDEN_DEFAULT,
    val epochs: Int = org.kontrast.eval.MlpProbe.EPOCHS_DEFAULT,
)

@Serializable
data class ProbeSpec @JvmOverloads constructor(
    val weightDecays: List<Double> = LinearProbe.WEIGHT_DECAYS_DEFAULT.toList(),
    val maxIterations: Int = LinearProbe.MAX_ITERATIONS_DEFAULT,
)

@Serializable
data class KnnSpec @JvmOverloads constructor(
    val k: Int = KnnClassifier.K_DEFAULT,
    val temperature: Double = KnnClassifier.TEMPERATURE_DEFAULT,
)
