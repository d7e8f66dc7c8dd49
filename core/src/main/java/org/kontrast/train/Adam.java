package org.kontrast.train;

import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam. Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 * algorithm 1, with PyTorch's default hyper-parameters. Optional L2 weight decay
 * is added to the gradient (coupled), as torch.optim.Adam does.
 */
public final class Adam implements ParameterwiseOptimizer {
    public static final double BETA1_DEFAULT = 0.9;
    public static final double BETA2_DEFAULT = 0.999;
    public static final double EPSILON_DEFAULT = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    public Adam(double beta1, double beta2, double epsilon, double weightDecay) {
        Optimizers.requireUnit("adam.beta1", beta1);
        Optimizers.requireUnit("adam.beta2", beta2);
        Optimizers.requirePositive("adam.epsilon", epsilon);
        Optimizers.requireNonNegative("adam.weightDecay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public Adam() {
        this(BETA1_DEFAULT, BETA2_DEFAULT, EPSILON_DEFAULT, 0);
    }

    @Override
    public Op update(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> grad, Operand<TFloat32> lr,
                     Operand<TFloat32> step) {
        Operand<TFloat32> g = Optimizers.withCoupledDecay(tf, p, grad, weightDecay);
        return applyAdam(tf, store, p, g, lr, step, beta1, beta2, epsilon);
    }

    /** One fused ApplyAdam on a parameter, with its two moment slots. */
    static Op applyAdam(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> g, Operand<TFloat32> lr,
                        Operand<TFloat32> step, double beta1, double beta2, double epsilon) {
        Parameter m = store.state(p.name() + "_m", p.shape());
        Parameter v = store.state(p.name() + "_v", p.shape());
        Operand<TFloat32> b1 = tf.constant((float) beta1);
        Operand<TFloat32> b2 = tf.constant((float) beta2);
        return tf.train.applyAdam(p.variable(), m.variable(), v.variable(), tf.math.pow(b1, step), tf.math.pow(b2, step),
                lr, b1, b2, tf.constant((float) epsilon), g);
    }
}
