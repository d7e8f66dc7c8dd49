package org.kontrast.train;

/** The learning rate at a 0-based step; pure, so a resumed run follows it exactly. */
@FunctionalInterface
public interface LearningRateSchedule {
    double at(long step);

    static LearningRateSchedule constant(double lr) {
        Optimizers.requirePositive("learningRate", lr);
        return step -> lr;
    }
}
