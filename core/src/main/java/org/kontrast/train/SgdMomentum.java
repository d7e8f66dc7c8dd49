package org.kontrast.train;

import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SGD with heavy-ball momentum and coupled L2 weight decay, as torch.optim.SGD:
 * v <- mu v + (g + wd w); w <- w - lr v. Sutskever et al., ICML 2013.
 */
public final class SgdMomentum implements ParameterwiseOptimizer {
    public static final double MOMENTUM_DEFAULT = 0.9;
    public static final double WEIGHT_DECAY_DEFAULT = 5e-4;

    private final double momentum;
    private final double weightDecay;

    public SgdMomentum(double momentum, double weightDecay) {
        Optimizers.requireNonNegative("sgd.momentum", momentum);
        if (momentum >= 1) {
            throw new IllegalArgumentException("sgd.momentum must be < 1, got " + momentum);
        }
        Optimizers.requireNonNegative("sgd.weightDecay", weightDecay);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public Op update(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> grad, Operand<TFloat32> lr,
                     Operand<TFloat32> step) {
        Operand<TFloat32> g = Optimizers.withCoupledDecay(tf, p, grad, weightDecay);
        Parameter v = store.state(p.name() + "_momentum", p.shape());
        return tf.train.applyMomentum(p.variable(), v.variable(), lr, g, tf.constant((float) momentum));
    }
}
