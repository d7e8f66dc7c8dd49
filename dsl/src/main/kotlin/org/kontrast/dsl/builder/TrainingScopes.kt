package org.kontrast.dsl.builder

import org.kontrast.dsl.recipe.EvalSpec
import org.kontrast.dsl.recipe.KnnSpec
import org.kontrast.dsl.recipe.OptimizerSpec
import org.kontrast.dsl.recipe.ProbeSpec
import org.kontrast.dsl.recipe.ScheduleSpec
import org.kontrast.dsl.recipe.RuntimeSpec
import org.kontrast.dsl.recipe.TrainSpec
import org.kontrast.eval.KnnClassifier
import org.kontrast.eval.LinearProbe
import org.kontrast.eval.MlpProbe
import org.kontrast.dsl.recipe.MlpProbeSpec
import org.kontrast.train.Adam
import org.kontrast.train.AdamW
import org.kontrast.train.Lars
import org.kontrast.train.SgdMomentum

/** The optimiser (with its base learning rate) and the schedule that scales it. */
@KontrastDsl
class OptimizerScope internal constructor(internal var optimizer: OptimizerSpec, internal var schedule: ScheduleSpec) {
    fun adam(lr: Double = 1e-3, beta1: Double = Adam.BETA1_DEFAULT, beta2: Double = Adam.BETA2_DEFAULT,
             epsilon: Double = Adam.EPSILON_DEFAULT, weightDecay: Double = 0.0) {
        optimizer = OptimizerSpec.Adam(lr, beta1, beta2, epsilon, weightDecay)
    }

    fun adamW(lr: Double = 1e-3, weightDecay: Double = AdamW.WEIGHT_DECAY_DEFAULT) {
        optimizer = OptimizerSpec.AdamW(lr, weightDecay)
    }

    fun sgd(lr: Double = 0.1, momentum: Double = SgdMomentum.MOMENTUM_DEFAULT, weightDecay: Double = SgdMomentum.WEIGHT_DECAY_DEFAULT) {
        optimizer = OptimizerSpec.Sgd(lr, momentum, weightDecay)
    }

    fun lars(lr: Double = 0.3, momentum: Double = Lars.MOMENTUM_DEFAULT, weightDecay: Double = Lars.WEIGHT_DECAY_DEFAULT,
             eta: Double = Lars.ETA_DEFAULT) {
        optimizer = OptimizerSpec.Lars(lr, momentum, weightDecay, eta)
    }

    fun warmupCosine(warmupEpochs: Double = 1.0) {
        schedule = ScheduleSpec.WarmupCosine(warmupEpochs)
    }

    fun constant() {
        schedule = ScheduleSpec.Constant
    }
}

@KontrastDsl
class TrainScope internal constructor(start: TrainSpec) {
    var epochs = start.epochs
    var batchSize = start.batchSize
    var seed = start.seed
    /** Intra-op threads; 0 = one per core. */
    var threads = start.threads
    var checkpointsKept = start.checkpointsKept
    var logEverySteps = start.logEverySteps
    /** Also checkpoint every this many steps; 0 = at epoch ends only. */
    var checkpointEverySteps = start.checkpointEverySteps

    internal fun build() = TrainSpec(epochs, batchSize, seed, threads, checkpointsKept, logEverySteps, checkpointEverySteps)
}

@KontrastDsl
class RuntimeScope internal constructor(start: RuntimeSpec) {
    /** "auto" (the first GPU, else the CPU), "cpu" or "gpu:N". */
    var device = start.device
    /** "float32" or "mixed". */
    var precision = start.precision

    internal fun build() = RuntimeSpec(device, precision)
}

@KontrastDsl
class EvalScope internal constructor(start: EvalSpec) {
    private var probe = start.linearProbe
    private var knn = start.knn
    private var mlp = start.mlpProbe
    private var attention = start.attentionProbe
    /** Monitor evaluation every this many epochs; 0 = only after the last. */
    var everyEpochs = start.everyEpochs
    var monitorTrainSize = start.monitorTrainSize
    var baselines = start.baselines

    fun linearProbe(weightDecays: List<Double> = LinearProbe.WEIGHT_DECAYS_DEFAULT.toList(),
                    maxIterations: Int = LinearProbe.MAX_ITERATIONS_DEFAULT) {
        probe = ProbeSpec(weightDecays, maxIterations)
    }

    fun knn(k: Int = KnnClassifier.K_DEFAULT, t: Double = KnnClassifier.TEMPERATURE_DEFAULT) {
        knn = KnnSpec(k, t)
    }

    /** A small MLP probe beside the linear one, in the final evaluation. */
    fun mlpProbe(hidden: Int = MlpProbe.HIDDEN_DEFAULT, epochs: Int = MlpProbe.EPOCHS_DEFAULT) {
        mlp = MlpProbeSpec(hidden, epochs)
    }

    /** A small self-attention classifier beside the linear one, over [tokens] (0: the encoder's positions). */
    fun attentionProbe(tokens: Int = 0, width: Int = org.kontrast.eval.AttentionProbe.WIDTH_DEFAULT,
                       heads: Int = org.kontrast.eval.AttentionProbe.HEADS_DEFAULT, epochs: Int = org.kontrast.eval.AttentionProbe.EPOCHS_DEFAULT) {
        attention = org.kontrast.dsl.recipe.AttentionProbeSpec(tokens, width, heads, epochs)
    }

    internal fun build() = EvalSpec(probe, knn, everyEpochs, monitorTrainSize, baselines, mlp, attention)
}
