package org.kontrast.train;

/** The loss or the weights became NaN or infinite; the checkpoints written before it are intact. */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;

    public TrainingDivergedException(long step, float loss) {
        this(step, "loss is " + loss);
    }

    /** @param what what was found, e.g. "the weights hold NaN or Inf" */
    public TrainingDivergedException(long step, String what) {
        super("training diverged at step " + step + ": " + what
                + " (lower the learning rate, or check the input data; the last good checkpoint is kept)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
