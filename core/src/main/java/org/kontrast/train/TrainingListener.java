package org.kontrast.train;

import java.util.Map;

/** Hears a training run's events, in order, on the training thread. */
public interface TrainingListener {
    /** Before the first step. */
    default void onStart(Plan plan) {
    }

    default void onStep(StepEvent event) {
    }

    default void onEpochEnd(EpochEvent event) {
    }

    default void onEval(EvalEvent event) {
    }

    default void onCheckpoint(CheckpointState state) {
    }

    default void onEnd(Summary summary) {
    }

    /** What the run will do. {@code firstStep} is above 0 when resuming. */
    record Plan(int epochs, int stepsPerEpoch, int batchSize, long firstStep, long totalSteps) {
    }

    record StepEvent(long step, int epoch, float loss, double learningRate, double imagesPerSecond, double elapsedSeconds) {
    }

    record EpochEvent(int epoch, long step, double meanLoss, double seconds, double imagesPerSecond) {
    }

    /** Metrics by dotted name, e.g. {@code linear_probe.test_accuracy}, in the order given. */
    record EvalEvent(int epoch, long step, Map<String, Double> metrics) {
        public EvalEvent {
            // Map.copyOf's order changes from one JVM to the next; a log must read the same in every process.
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /**
     * Training totals: wall time and throughput count training steps only, not evaluation.
     * {@code inputWaitSeconds} is how long the steps waited for the batch producer, included in {@code trainSeconds};
     * {@code outOfTime} says the time budget ended training before its last epoch.
     */
    record Summary(long steps, int epochs, double trainSeconds, double imagesPerSecond, double finalLoss,
                   double inputWaitSeconds, boolean outOfTime) {
    }
}
