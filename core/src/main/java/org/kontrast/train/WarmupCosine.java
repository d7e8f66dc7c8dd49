package org.kontrast.train;

/**
 * Linear warm-up to the base rate, then cosine decay to zero (without restarts).
 * Goyal et al., "Accurate, Large Minibatch SGD", 2017 (warm-up); Loshchilov and
 * Hutter, "SGDR", ICLR 2017 (cosine); the schedule SimCLR uses (appendix B.1).
 */
public final class WarmupCosine implements LearningRateSchedule {
    private final double baseLr;
    private final long warmupSteps;
    private final long totalSteps;

    public WarmupCosine(double baseLr, long warmupSteps, long totalSteps) {
        Optimizers.requirePositive("learningRate", baseLr);
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warm-up steps must be in [0, total], got warmup=" + warmupSteps
                    + " total=" + totalSteps);
        }
        this.baseLr = baseLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public double at(long step) {
        if (step < warmupSteps) {
            return baseLr * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return baseLr * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
