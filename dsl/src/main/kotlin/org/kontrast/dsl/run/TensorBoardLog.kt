package org.kontrast.dsl.run

import java.nio.file.Path
import org.kontrast.export.EventFile
import org.kontrast.train.TrainingListener

/**
 * The run's curves as TensorBoard scalars in RUN_DIR/tensorboard: loss and learning
 * rate at every logged step, the epoch's mean loss and throughput, every evaluation
 * metric, and the final metrics; `tensorboard --logdir runs/` shows all runs side by side.
 */
class TensorBoardLog(dir: Path, private val logEvery: Int) : TrainingListener, AutoCloseable {
    private val file = EventFile.create(dir)
    private var lastStep = 0L

    override fun onStep(event: TrainingListener.StepEvent) {
        lastStep = event.step
        if (event.step % logEvery != 0L) return
        file.scalars(event.step, mapOf("train/loss" to event.loss.toDouble(), "train/learning_rate" to event.learningRate))
    }

    override fun onEpochEnd(event: TrainingListener.EpochEvent) =
        file.scalars(event.step, mapOf("epoch/mean_loss" to event.meanLoss, "epoch/images_per_s" to event.imagesPerSecond))

    override fun onEval(event: TrainingListener.EvalEvent) = file.scalars(event.step, event.metrics.mapKeys { "eval/${it.key}" })

    /** The run's final metrics (accuracies, baselines, timings) at its last step. */
    fun finalMetrics(metrics: Map<String, Double>) = file.scalars(lastStep, metrics.mapKeys { "final/${it.key}" })

    override fun close() = file.close()
}
