package org.kontrast.train;

import org.kontrast.nn.Parameter;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Static factories for the optimisers, and the checks they share. */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer adam() {
        return new Adam();
    }

    public static Optimizer adamW(double weightDecay) {
        return new AdamW(Adam.BETA1_DEFAULT, Adam.BETA2_DEFAULT, Adam.EPSILON_DEFAULT, weightDecay);
    }

    public static Optimizer sgd(double momentum, double weightDecay) {
        return new SgdMomentum(momentum, weightDecay);
    }

    public static Optimizer lars(double momentum, double weightDecay, double eta) {
        return new Lars(momentum, weightDecay, eta);
    }

    /** g + wd * w for parameters that take decay (coupled L2, as torch.optim's weight_decay); g otherwise. */
    static Operand<TFloat32> withCoupledDecay(Ops tf, Parameter p, Operand<TFloat32> g, double weightDecay) {
        return weightDecay > 0 && p.decayed() ? tf.math.add(g, tf.math.mul(tf.constant((float) weightDecay), p.read())) : g;
    }

    static void requireUnit(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
        }
    }

    static void requirePositive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0, got " + v);
        }
    }

    static void requireNonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + v);
        }
    }
}
