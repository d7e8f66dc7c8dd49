package org.kontrast.train;

/** The loss became NaN or infinite; the last checkpoint before it is intact. */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;

    public TrainingDivergedException(long step, float loss) {
        super("training diverged at step " + step + ": loss is " + loss
                + " (lower the learning rate, or check the input data)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
