package org.kontrast.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kontrast.data.BatchPrefetcher;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;

/**
 * Runs epochs of steps over a dataset, firing events, evaluating and
 * checkpointing at epoch ends (and every N steps if asked). Batches and
 * augmentation depend only on (seed, epoch, step), and a checkpoint records the
 * epoch's running sums, so a run resumed from one continues bit for bit.
 * The next batch is filled on a background thread while the current step runs.
 */
public final class Trainer {
    private final Experiment experiment;
    private final ImageDataset dataset;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final LearningRateSchedule schedule;
    private final List<TrainingListener> listeners;
    private final CheckpointStore checkpoints;
    private final Evaluation evaluation;
    private final CheckpointState resumeFrom;
    private final double budgetSeconds;
    private final int checkpointEvery;

    private Trainer(Builder b) {
        this.experiment = b.experiment;
        this.dataset = b.dataset;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.schedule = b.schedule;
        this.listeners = List.copyOf(b.listeners);
        this.checkpoints = b.checkpoints;
        this.evaluation = b.evaluation;
        this.resumeFrom = b.resumeFrom;
        this.budgetSeconds = b.budgetSeconds;
        this.checkpointEvery = b.checkpointEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TrainingListener.Summary fit() {
        int stepsPerEpoch = Batches.stepsPerEpoch(dataset.size(), batchSize);
        long total = (long) stepsPerEpoch * epochs;
        TrainingPosition at = TrainingPosition.start();
        if (resumeFrom != null) {
            experiment.restore(resumeFrom.prefix());
            at = resumeFrom.position();
        }
        long step = at.step();
        long firstStep = step;
        listeners.forEach(l -> l.onStart(new TrainingListener.Plan(epochs, stepsPerEpoch, batchSize, firstStep, total)));
        double trainSeconds = at.trainSeconds();
        float lastLoss = Float.NaN;
        double inputWait;
        boolean outOfTime = false;
        try (BatchPrefetcher batches = new BatchPrefetcher(dataset, batchSize, seed, step, total)) {
            for (int epoch = (int) (step / stepsPerEpoch); epoch < epochs && !outOfTime; epoch++) {
                // A run resumed mid-epoch carries the epoch's sums on, so its mean loss is the uninterrupted one.
                boolean carried = step == firstStep && step % stepsPerEpoch != 0;
                double epochLoss = carried ? at.epochLossSum() : 0;
                int epochSteps = carried ? at.epochSteps() : 0;
                double epochSeconds = carried ? at.epochSeconds() : 0;
                for (int b = (int) (step % stepsPerEpoch); b < stepsPerEpoch; b++) {
                    double lr = schedule.at(step);
                    long t0 = System.nanoTime();
                    BatchPrefetcher.Batch batch = batches.next();
                    float loss;
                    try {
                        loss = experiment.step(batch.images(), batch.indices(), step, lr, (double) step / total);
                    } finally {
                        batches.release(batch);
                    }
                    double dt = (System.nanoTime() - t0) / 1e9;
                    if (!Float.isFinite(loss)) {
                        throw new TrainingDivergedException(step, loss);
                    }
                    trainSeconds += dt;
                    epochSeconds += dt;
                    epochLoss += loss;
                    epochSteps++;
                    lastLoss = loss;
                    var event = new TrainingListener.StepEvent(step, epoch, loss, lr, batchSize / dt, trainSeconds);
                    listeners.forEach(l -> l.onStep(event));
                    step++;
                    if (trainSeconds >= budgetSeconds) {
                        outOfTime = true;
                        break;
                    }
                    if (checkpointEvery > 0 && step % checkpointEvery == 0 && b + 1 < stepsPerEpoch) {
                        checkpoint(new TrainingPosition(step, epoch, b + 1, epochLoss, epochSteps, epochSeconds, trainSeconds));
                    }
                }
                if (outOfTime) {
                    // Stopped mid-epoch by the time budget: keep the weights, skip the epoch's bookkeeping.
                    checkpoint(new TrainingPosition(step, epoch + (int) (step % stepsPerEpoch == 0 ? 1 : 0),
                            (int) (step % stepsPerEpoch), epochLoss, epochSteps, epochSeconds, trainSeconds));
                    break;
                }
                var epochEvent = new TrainingListener.EpochEvent(epoch, step, epochLoss / Math.max(1, epochSteps),
                        epochSeconds, epochSteps * batchSize / Math.max(1e-9, epochSeconds));
                listeners.forEach(l -> l.onEpochEnd(epochEvent));
                if (evaluation != null) {
                    Map<String, Double> metrics = evaluation.evaluate(experiment, epoch, epoch == epochs - 1);
                    if (!metrics.isEmpty()) {
                        var evalEvent = new TrainingListener.EvalEvent(epoch, step, metrics);
                        listeners.forEach(l -> l.onEval(evalEvent));
                    }
                }
                // After the evaluation: a run killed while evaluating redoes the epoch's end, so no evaluation is lost.
                checkpoint(new TrainingPosition(step, epoch + 1, 0, 0, 0, 0, trainSeconds));
            }
            inputWait = batches.waitSeconds();
        }
        var summary = new TrainingListener.Summary(step, epochs, trainSeconds,
                step * batchSize / Math.max(1e-9, trainSeconds), lastLoss, inputWait, outOfTime);
        listeners.forEach(l -> l.onEnd(summary));
        return summary;
    }

    private void checkpoint(TrainingPosition position) {
        if (checkpoints == null) {
            return;
        }
        // A loss can be finite while the update just made hid a NaN in the weights; never save those.
        if (!experiment.weightsFinite()) {
            throw new TrainingDivergedException(position.step() - 1, "the weights hold NaN or Inf after the step");
        }
        CheckpointState state = checkpoints.save(experiment, position);
        listeners.forEach(l -> l.onCheckpoint(state));
    }

    /** DJL-style builder: {@code set} required, {@code opt} optional, {@code add} repeatable. */
    public static final class Builder {
        private Experiment experiment;
        private ImageDataset dataset;
        private int epochs = 1;
        private int batchSize = 256;
        private long seed;
        private LearningRateSchedule schedule;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private CheckpointStore checkpoints;
        private Evaluation evaluation;
        private CheckpointState resumeFrom;
        private double budgetSeconds = Double.POSITIVE_INFINITY;
        private int checkpointEvery;

        private Builder() {
        }

        public Builder setExperiment(Experiment experiment) {
            this.experiment = experiment;
            return this;
        }

        public Builder setDataset(ImageDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder setSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optCheckpoints(CheckpointStore checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        public Builder optEvaluation(Evaluation evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        /** Also checkpoints every this many steps within an epoch (0: at epoch ends only). */
        public Builder optCheckpointEverySteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("train.checkpointEverySteps must be >= 0, got " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        /** Continues from a checkpoint: its weights, data position, random streams and the epoch's running sums. */
        public Builder optResumeFrom(CheckpointState state) {
            this.resumeFrom = state;
            return this;
        }

        /** Stops after the step at which training time (steps only, not evaluation) reaches this many seconds. */
        public Builder optTimeBudget(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("time budget must be > 0 seconds, got " + seconds);
            }
            this.budgetSeconds = seconds;
            return this;
        }

        public Builder addListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public Trainer build() {
            if (experiment == null || dataset == null || schedule == null) {
                throw new IllegalStateException("Trainer needs an experiment, a dataset and a schedule");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("train.epochs must be >= 1, got " + epochs);
            }
            Batches.stepsPerEpoch(dataset.size(), batchSize);
            return new Trainer(this);
        }
    }
}
