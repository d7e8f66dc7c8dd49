package org.kontrast.train;

/**
 * Where a run stands after {@code step} steps, in enough detail to continue it
 * exactly: the data order position (batch {@code batch} of epoch {@code epoch} comes
 * next; augmentation randomness is keyed by the step) and the running sums of the
 * epoch in progress, so its mean loss is the one an uninterrupted run reports.
 */
public record TrainingPosition(long step, int epoch, int batch, double epochLossSum, int epochSteps,
                               double epochSeconds, double trainSeconds) {
    public TrainingPosition {
        if (step < 0 || epoch < 0 || batch < 0 || epochSteps < 0) {
            throw new IllegalArgumentException("a training position counts from 0, got step " + step + ", epoch " + epoch
                    + ", batch " + batch + ", epoch steps " + epochSteps);
        }
    }

    /** The start of a run. */
    public static TrainingPosition start() {
        return new TrainingPosition(0, 0, 0, 0, 0, 0, 0);
    }
}
