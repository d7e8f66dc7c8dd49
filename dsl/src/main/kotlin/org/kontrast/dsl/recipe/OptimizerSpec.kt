package org.kontrast.dsl.recipe

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import org.kontrast.train.Adam as CoreAdam
import org.kontrast.train.AdamW as CoreAdamW
import org.kontrast.train.Lars as CoreLars
import org.kontrast.train.SgdMomentum

/** The optimiser and its base learning rate (the schedule scales it). */
@Serializable
sealed interface OptimizerSpec {
    val lr: Double

    @Serializable
    @SerialName("adam")
    data class Adam @JvmOverloads constructor(
        override val lr: Double = 1e-3,
        val beta1: Double = CoreAdam.BETA1_DEFAULT,
        val beta2: Double = CoreAdam.BETA2_DEFAULT,
        val epsilon: Double = CoreAdam.EPSILON_DEFAULT,
        val weightDecay: Double = 0.0,
    ) : OptimizerSpec

    @Serializable
    @SerialName("adamW")
    data class AdamW @JvmOverloads constructor(
        override val lr: Double = 1e-3,
        val weightDecay: Double = CoreAdamW.WEIGHT_DECAY_DEFAULT,
    ) : OptimizerSpec

    @Serializable
    @SerialName("sgd")
    data class Sgd @JvmOverloads constructor(
        override val lr: Double = 0.1,
        val momentum: Double = SgdMomentum.MOMENTUM_DEFAULT,
        val weightDecay: Double = SgdMomentum.WEIGHT_DECAY_DEFAULT,
    ) : OptimizerSpec

    /** SimCLR's optimiser: lr = 0.3 x batch / 256 (appendix B.1). */
    @Serializable
    @SerialName("lars")
    data class Lars @JvmOverloads constructor(
        override val lr: Double = 0.3,
        val momentum: Double = CoreLars.MOMENTUM_DEFAULT,
        val weightDecay: Double = CoreLars.WEIGHT_DECAY_DEFAULT,
        val eta: Double = CoreLars.ETA_DEFAULT,
    ) : OptimizerSpec
}

@Serializable
sealed interface ScheduleSpec {
    /** Linear warm-up over [warmupEpochs] (may be fractional), then cosine decay to zero. */
    @Serializable
    @SerialName("warmupCosine")
    data class WarmupCosine @JvmOverloads constructor(val warmupEpochs: Double = 1.0) : ScheduleSpec

    @Serializable
    @SerialName("constant")
    data object Constant : ScheduleSpec
}
