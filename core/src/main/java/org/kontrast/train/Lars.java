package org.kontrast.train;

import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LARS: SGD with momentum whose per-layer rate is scaled by the trust ratio
 * eta * ||w|| / ||g + wd w||. You, Gitman and Ginsburg, "Large Batch Training of
 * Convolutional Networks", 2017, algorithm 1. As SimCLR (appendix B.1), biases
 * and normalisation parameters get neither decay nor adaptation.
 */
public final class Lars implements ParameterwiseOptimizer {
    public static final double MOMENTUM_DEFAULT = 0.9;
    /** SimCLR's weight decay. */
    public static final double WEIGHT_DECAY_DEFAULT = 1e-6;
    /** The trust coefficient eta of You et al. */
    public static final double ETA_DEFAULT = 0.001;

    private final double momentum;
    private final double weightDecay;
    private final double eta;

    public Lars(double momentum, double weightDecay, double eta) {
        Optimizers.requireNonNegative("lars.momentum", momentum);
        if (momentum >= 1) {
            throw new IllegalArgumentException("lars.momentum must be < 1, got " + momentum);
        }
        Optimizers.requireNonNegative("lars.weightDecay", weightDecay);
        Optimizers.requirePositive("lars.eta", eta);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.eta = eta;
    }

    @Override
    public Op update(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> grad, Operand<TFloat32> lr,
                     Operand<TFloat32> step) {
        Operand<TFloat32> g = grad;
        Operand<TFloat32> rate = lr;
        if (p.decayed()) {
            g = Optimizers.withCoupledDecay(tf, p, g, weightDecay);
            Operand<TFloat32> wNorm = norm(tf, p.read());
            Operand<TFloat32> gNorm = norm(tf, g);
            // Where either norm is zero the ratio is undefined; take 1 as the reference does.
            Operand<TFloat32> ratio = tf.select(
                    tf.math.logicalAnd(tf.math.greater(wNorm, tf.constant(0f)), tf.math.greater(gNorm, tf.constant(0f))),
                    tf.math.div(tf.math.mul(tf.constant((float) eta), wNorm), tf.math.maximum(gNorm, tf.constant(1e-30f))),
                    tf.constant(1f));
            rate = tf.math.mul(lr, ratio);
        }
        Parameter v = store.state(p.name() + "_momentum", p.shape());
        return tf.train.applyMomentum(p.variable(), v.variable(), rate, g, tf.constant((float) momentum));
    }

    private static Operand<TFloat32> norm(Ops tf, Operand<TFloat32> x) {
        return tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.range(tf.constant(0), tf.rank(x), tf.constant(1))));
    }
}
