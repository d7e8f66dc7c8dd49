package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable

/**
 * A method's objective and the state it keeps (queues, momentum targets), with
 * the defaults of its paper or of the Keras contrastive baseline. Each method
 * takes exactly one type; omitted in a recipe, it is the method's default.
 */
@Serializable
sealed interface LossSpec {
    /** The registered method this objective belongs to. */
    val method: String

    /** Every method that takes this objective (CPC and CPC v2 share theirs). */
    val methods: Set<String> get() = setOf(method)

    @Serializable
    @SerialName("ntXent")
    data class NtXent @JvmOverloads constructor(val temperature: Double = org.kontrast.loss.NtXentLoss.TEMPERATURE_DEFAULT) : LossSpec {
        override val method get() = org.kontrast.method.SimClr.NAME
    }

    @Serializable
    @SerialName("moco")
    data class Moco @JvmOverloads constructor(
        val temperature: Double = org.kontrast.loss.InfoNce.TEMPERATURE_DEFAULT,
        val queueSize: Int = org.kontrast.method.MocoV2.QUEUE_SIZE_DEFAULT,
        val momentum: Double = org.kontrast.method.MocoV2.MOMENTUM_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.MocoV2.NAME
    }

    @Serializable
    @SerialName("nnclr")
    data class Nnclr @JvmOverloads constructor(
        val temperature: Double = org.kontrast.loss.InfoNce.TEMPERATURE_DEFAULT,
        val queueSize: Int = org.kontrast.method.Nnclr.QUEUE_SIZE_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Nnclr.NAME
    }

    @Serializable
    @SerialName("decoupled")
    data class Decoupled @JvmOverloads constructor(val temperature: Double = org.kontrast.loss.DecoupledContrastive.TEMPERATURE_DEFAULT) : LossSpec {
        override val method get() = org.kontrast.method.Dcclr.NAME
    }

    @Serializable
    @SerialName("barlowTwins")
    data class BarlowTwins @JvmOverloads constructor(val weight: Double = org.kontrast.loss.BarlowTwinsLoss.WEIGHT_DEFAULT) : LossSpec {
        override val method get() = org.kontrast.method.BarlowTwins.NAME
    }

    @Serializable
    @SerialName("hsic")
    data class Hsic @JvmOverloads constructor(val weight: Double = org.kontrast.loss.HsicLoss.WEIGHT_DEFAULT) : LossSpec {
        override val method get() = org.kontrast.method.HsicTwins.NAME
    }

    @Serializable
    @SerialName("twist")
    data object Twist : LossSpec {
        override val method get() = org.kontrast.method.Twist.NAME
    }

    @Serializable
    @SerialName("dino")
    data class Dino @JvmOverloads constructor(
        val temperature: Double = org.kontrast.loss.DinoLoss.TEMPERATURE_DEFAULT,
        val sharpening: Double = org.kontrast.loss.DinoLoss.SHARPENING_DEFAULT,
        val momentum: Double = org.kontrast.method.Dino.MOMENTUM_DEFAULT,
        val centerMomentum: Double = org.kontrast.method.Dino.CENTER_MOMENTUM_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Dino.NAME
    }

    @Serializable
    @SerialName("byol")
    data class Byol @JvmOverloads constructor(
        val momentum: Double = org.kontrast.loss.ByolRegression.MOMENTUM_DEFAULT,
        val predictorHidden: Int = org.kontrast.method.Byol.PREDICTOR_HIDDEN_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Byol.NAME
    }

    @Serializable
    @SerialName("simSiam")
    data class SimSiam @JvmOverloads constructor(val predictorHidden: Int = org.kontrast.method.SimSiam.PREDICTOR_HIDDEN_DEFAULT) : LossSpec {
        override val method get() = org.kontrast.method.SimSiam.NAME
    }

    @Serializable
    @SerialName("vicreg")
    data class Vicreg @JvmOverloads constructor(
        val invariance: Double = org.kontrast.loss.VicregLoss.INVARIANCE_DEFAULT,
        val variance: Double = org.kontrast.loss.VicregLoss.VARIANCE_DEFAULT,
        val covariance: Double = org.kontrast.loss.VicregLoss.COVARIANCE_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Vicreg.NAME
    }

    /**
     * CPC's InfoNCE over the patch grid: a [codeSize] code per patch, a masked context
     * network ([contextWidth] wide, [contextLayers] deep), one predictor per offset in
     * [offsets] (rows ahead; never 1, whose patch overlaps), in each of [directions]
     * ("topDown", "bottomUp", "leftRight", "rightLeft").
     */
    @Serializable
    @SerialName("cpc")
    data class Cpc @JvmOverloads constructor(
        val codeSize: Int = org.kontrast.method.Cpc.CODE_SIZE_DEFAULT,
        val offsets: List<Int> = org.kontrast.method.Cpc.OFFSETS_DEFAULT,
        val directions: List<String> = listOf(org.kontrast.method.CpcDirection.TOP_DOWN.key()),
        val contextWidth: Int = org.kontrast.nn.ContextNetwork.WIDTH_DEFAULT,
        val contextLayers: Int = org.kontrast.nn.ContextNetwork.LAYERS_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Cpc.NAME
        override val methods get() = setOf(org.kontrast.method.Cpc.NAME, org.kontrast.method.CpcV2.NAME)
    }

    /**
     * InstDisc's non-parametric softmax over a memory bank of one row per training image:
     * NCE against [negatives] rows drawn at random, or the full softmax when [negatives] is 0;
     * bank rows move by [momentum]. The embedding size is the head's `out`; the embedding is linear, as
     * in the paper, or with [mlpHead] the head's MLP (`hidden`, then `out`).
     */
    @Serializable
    @SerialName("instDisc")
    data class InstDisc @JvmOverloads constructor(
        val temperature: Double = org.kontrast.loss.NonParametricSoftmax.TEMPERATURE_DEFAULT,
        val negatives: Int = org.kontrast.loss.NonParametricSoftmax.NEGATIVES_DEFAULT,
        val momentum: Double = org.kontrast.memory.MemoryBank.MOMENTUM_DEFAULT,
        val mlpHead: Boolean = false,
    ) : LossSpec {
        override val method get() = org.kontrast.method.InstDisc.NAME
    }

    /** Local Deep InfoMax with the [estimator] "jsd" or "infoNce" and an encode-and-dot critic [criticWidth] wide. */
    @Serializable
    @SerialName("dim")
    data class Dim @JvmOverloads constructor(
        val estimator: String = org.kontrast.loss.DeepInfoMaxLoss.ESTIMATOR_DEFAULT.key(),
        val criticWidth: Int = org.kontrast.method.Dim.CRITIC_WIDTH_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Dim.NAME
    }

    /**
     * CMC: each view's query against the other views' momentum keys and [queueMultiple] batches of past keys
     * per view, over [pairs] "full" (every two views) or "core" (the first with each other), plus the
     * in-batch contrast when [intraBatch]. [views]: "lab" (an RGB image's L and ab), "channels" (one per
     * channel) or "folders" (a multiViewFolder's views). [stemWidth] 0 gives each view its own encoder;
     * above 0, one shared encoder behind a per-view 1x1 stem that wide.
     */
    @Serializable
    @SerialName("cmc")
    data class Cmc @JvmOverloads constructor(
        val views: String = VIEWS_LAB,
        val temperature: Double = org.kontrast.method.Cmc.TEMPERATURE_DEFAULT,
        val momentum: Double = org.kontrast.method.Cmc.MOMENTUM_DEFAULT,
        val queueMultiple: Int = org.kontrast.method.Cmc.QUEUE_MULTIPLE_DEFAULT,
        val pairs: String = "full",
        val intraBatch: Boolean = true,
        val stemWidth: Int = 0,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Cmc.NAME

        companion object {
            const val VIEWS_LAB = "lab"
            const val VIEWS_CHANNELS = "channels"
            const val VIEWS_FOLDERS = "folders"
        }
    }

    /**
     * PIRL: the image's embedding and its shuffled jigsaw's (patches [patchFraction] of a cell) against a memory
     * bank, mixed as [lambda] jigsaw + (1 - [lambda]) image; NCE against [negatives] rows (0: full softmax).
     * The embedding size is the head's `out`.
     */
    @Serializable
    @SerialName("pirl")
    data class Pirl @JvmOverloads constructor(
        val temperature: Double = org.kontrast.loss.NonParametricSoftmax.TEMPERATURE_DEFAULT,
        val negatives: Int = org.kontrast.method.Pirl.NEGATIVES_DEFAULT,
        val lambda: Double = org.kontrast.method.Pirl.LAMBDA_DEFAULT,
        val momentum: Double = org.kontrast.memory.MemoryBank.MOMENTUM_DEFAULT,
        val patchFraction: Double = org.kontrast.view.Jigsaw.PATCH_FRACTION_DEFAULT,
    ) : LossSpec {
        override val method get() = org.kontrast.method.Pirl.NAME
    }

    companion object {
        /** Each registered method's default objective; unknown names get SimCLR's (validation then names the method). */
        @JvmStatic
        fun defaultFor(method: String): LossSpec = when (method) {
            org.kontrast.method.MocoV2.NAME -> Moco()
            org.kontrast.method.Nnclr.NAME -> Nnclr()
            org.kontrast.method.Dcclr.NAME -> Decoupled()
            org.kontrast.method.BarlowTwins.NAME -> BarlowTwins()
            org.kontrast.method.HsicTwins.NAME -> Hsic()
            org.kontrast.method.Twist.NAME -> Twist
            org.kontrast.method.Dino.NAME -> Dino()
            org.kontrast.method.Byol.NAME -> Byol()
            org.kontrast.method.SimSiam.NAME -> SimSiam()
            org.kontrast.method.Vicreg.NAME -> Vicreg()
            org.kontrast.method.InstDisc.NAME -> InstDisc()
            org.kontrast.method.Dim.NAME -> Dim()
            org.kontrast.method.Cmc.NAME -> Cmc()
            org.kontrast.method.Pirl.NAME -> Pirl()
            org.kontrast.method.Cpc.NAME -> Cpc()
            org.kontrast.method.CpcV2.NAME -> Cpc(directions = org.kontrast.method.CpcDirection.values().map { it.key() })
            else -> NtXent()
        }
    }
}
