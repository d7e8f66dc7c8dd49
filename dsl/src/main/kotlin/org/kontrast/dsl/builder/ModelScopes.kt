package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.loss.BarlowTwinsLoss
import org.kontrast.loss.ByolRegression
import org.kontrast.loss.DecoupledContrastive
import org.kontrast.loss.DinoLoss
import org.kontrast.loss.HsicLoss
import org.kontrast.loss.InfoNce
import org.kontrast.loss.NtXentLoss
import org.kontrast.loss.DeepInfoMaxLoss
import org.kontrast.loss.NonParametricSoftmax
import org.kontrast.loss.VicregLoss
import org.kontrast.memory.MemoryBank
import org.kontrast.method.Dim
import org.kontrast.method.Byol
import org.kontrast.method.Cpc
import org.kontrast.method.CpcDirection
import org.kontrast.nn.ContextNetwork
import org.kontrast.nn.PatchEncoder
import org.kontrast.method.Dino
import org.kontrast.method.MocoV2
import org.kontrast.method.Nnclr
import org.kontrast.method.SimSiam
import org.kontrast.nn.ConvNet
import org.kontrast.nn.ProjectionHead
import org.kontrast.nn.ResNet18

@KontrastDsl
class EncoderScope internal constructor(private var spec: EncoderSpec) {
    /** The Keras seed's ConvNet; [padding] "same" or "valid". */
    fun convNet(width: Int = ConvNet.WIDTH_DEFAULT, depth: Int = ConvNet.DEPTH_DEFAULT, padding: String = "same",
                normalizedConv: Boolean = false) {
        spec = EncoderSpec.ConvNet(width, depth, padding, normalizedConv)
    }

    /** CPC's patch encoder; [norm] "batch" (CPC), "layer" (CPC v2) or "none". */
    fun patchEncoder(width: Int = PatchEncoder.WIDTH_DEFAULT, hidden: Int = PatchEncoder.HIDDEN_DEFAULT, norm: String = "batch",
                     normalizedConv: Boolean = false) {
        spec = EncoderSpec.PatchEncoder(width, hidden, norm, normalizedConv)
    }

    /** ResNet-18, CIFAR stem, GroupNorm. */
    fun resNet18(groups: Int = ResNet18.GROUPS_DEFAULT, normalizedConv: Boolean = false) {
        spec = EncoderSpec.ResNet18(groups, normalizedConv)
    }

    internal fun build() = spec
}

@KontrastDsl
class HeadScope internal constructor(private var spec: HeadSpec) {
    /** SimCLR's projection MLP: Dense(hidden) -> ReLU -> Dense(out). */
    fun projection(hidden: Int = ProjectionHead.HIDDEN_DEFAULT, out: Int = ProjectionHead.OUT_DEFAULT) {
        spec = HeadSpec(hidden, out)
    }

    internal fun build() = spec
}

@KontrastDsl
class LossScope internal constructor(private var spec: LossSpec) {
    /** SimCLR's NT-Xent. */
    fun ntXent(temperature: Double = NtXentLoss.TEMPERATURE_DEFAULT) {
        spec = LossSpec.NtXent(temperature)
    }

    /** MoCo v2: InfoNCE against a queue of momentum-encoded keys. */
    fun moco(temperature: Double = InfoNce.TEMPERATURE_DEFAULT, queueSize: Int = MocoV2.QUEUE_SIZE_DEFAULT,
             momentum: Double = MocoV2.MOMENTUM_DEFAULT) {
        spec = LossSpec.Moco(temperature, queueSize, momentum)
    }

    /** NNCLR: InfoNCE with nearest neighbours from a support set. */
    fun nnclr(temperature: Double = InfoNce.TEMPERATURE_DEFAULT, queueSize: Int = Nnclr.QUEUE_SIZE_DEFAULT) {
        spec = LossSpec.Nnclr(temperature, queueSize)
    }

    /** DCCLR's decoupled contrastive loss. */
    fun decoupled(temperature: Double = DecoupledContrastive.TEMPERATURE_DEFAULT) {
        spec = LossSpec.Decoupled(temperature)
    }

    fun barlowTwins(weight: Double = BarlowTwinsLoss.WEIGHT_DEFAULT) {
        spec = LossSpec.BarlowTwins(weight)
    }

    fun hsic(weight: Double = HsicLoss.WEIGHT_DEFAULT) {
        spec = LossSpec.Hsic(weight)
    }

    fun twist() {
        spec = LossSpec.Twist
    }

    fun dino(temperature: Double = DinoLoss.TEMPERATURE_DEFAULT, sharpening: Double = DinoLoss.SHARPENING_DEFAULT,
             momentum: Double = Dino.MOMENTUM_DEFAULT, centerMomentum: Double = Dino.CENTER_MOMENTUM_DEFAULT) {
        spec = LossSpec.Dino(temperature, sharpening, momentum, centerMomentum)
    }

    fun byol(momentum: Double = ByolRegression.MOMENTUM_DEFAULT, predictorHidden: Int = Byol.PREDICTOR_HIDDEN_DEFAULT) {
        spec = LossSpec.Byol(momentum, predictorHidden)
    }

    fun simSiam(predictorHidden: Int = SimSiam.PREDICTOR_HIDDEN_DEFAULT) {
        spec = LossSpec.SimSiam(predictorHidden)
    }

    /**
     * CPC's InfoNCE over the patch grid: predict [offsets] rows ahead (never 1) in each of
     * [directions] (top-down for CPC; all four for CPC v2).
     */
    fun cpc(offsets: IntRange = Cpc.OFFSETS_DEFAULT.first()..Cpc.OFFSETS_DEFAULT.last(),
            directions: List<CpcDirection> = listOf(CpcDirection.TOP_DOWN),
            codeSize: Int = Cpc.CODE_SIZE_DEFAULT,
            contextWidth: Int = ContextNetwork.WIDTH_DEFAULT,
            contextLayers: Int = ContextNetwork.LAYERS_DEFAULT) {
        spec = LossSpec.Cpc(codeSize, offsets.toList(), directions.map { it.key() }, contextWidth, contextLayers)
    }

    /** InstDisc: NCE against [negatives] bank rows (0: the full softmax over the bank), rows moved by [momentum]. */
    fun instDisc(temperature: Double = NonParametricSoftmax.TEMPERATURE_DEFAULT, negatives: Int = NonParametricSoftmax.NEGATIVES_DEFAULT,
                 momentum: Double = MemoryBank.MOMENTUM_DEFAULT, mlpHead: Boolean = false) {
        spec = LossSpec.InstDisc(temperature, negatives, momentum, mlpHead)
    }

    /** CMC over [views] "lab", "channels" or "folders"; [stemWidth] > 0 shares one encoder behind per-view stems. */
    fun cmc(views: String = LossSpec.Cmc.VIEWS_LAB, temperature: Double = org.kontrast.method.Cmc.TEMPERATURE_DEFAULT,
            momentum: Double = org.kontrast.method.Cmc.MOMENTUM_DEFAULT, queueMultiple: Int = org.kontrast.method.Cmc.QUEUE_MULTIPLE_DEFAULT,
            pairs: String = "full", intraBatch: Boolean = true, stemWidth: Int = 0) {
        spec = LossSpec.Cmc(views, temperature, momentum, queueMultiple, pairs, intraBatch, stemWidth)
    }

    /** PIRL: image and jigsaw against a memory bank, mixed by [lambda]; [negatives] 0 is the full softmax. */
    fun pirl(temperature: Double = NonParametricSoftmax.TEMPERATURE_DEFAULT, negatives: Int = org.kontrast.method.Pirl.NEGATIVES_DEFAULT,
             lambda: Double = org.kontrast.method.Pirl.LAMBDA_DEFAULT, momentum: Double = MemoryBank.MOMENTUM_DEFAULT,
             patchFraction: Double = org.kontrast.view.Jigsaw.PATCH_FRACTION_DEFAULT) {
        spec = LossSpec.Pirl(temperature, negatives, lambda, momentum, patchFraction)
    }

    /** Local DIM with the JSD or InfoNCE [estimator]. */
    fun dim(estimator: DeepInfoMaxLoss.Estimator = DeepInfoMaxLoss.ESTIMATOR_DEFAULT, criticWidth: Int = Dim.CRITIC_WIDTH_DEFAULT) {
        spec = LossSpec.Dim(estimator.key(), criticWidth)
    }

    fun vicreg(invariance: Double = VicregLoss.INVARIANCE_DEFAULT, variance: Double = VicregLoss.VARIANCE_DEFAULT,
               covariance: Double = VicregLoss.COVARIANCE_DEFAULT) {
        spec = LossSpec.Vicreg(invariance, variance, covariance)
    }

    internal fun build() = spec
}
