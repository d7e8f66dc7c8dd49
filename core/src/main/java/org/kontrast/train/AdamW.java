package org.kontrast.train;

import java.util.List;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam with decoupled weight decay: w <- w - lr * wd * w, then the Adam step.
 * Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019,
 * algorithm 2 (schedule multiplier folded into lr), PyTorch's default wd.
 * Biases and normalisation parameters are not decayed.
 */
public final class AdamW implements ParameterwiseOptimizer {
    public static final double WEIGHT_DECAY_DEFAULT = 0.01;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    public AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
        Optimizers.requireUnit("adamW.beta1", beta1);
        Optimizers.requireUnit("adamW.beta2", beta2);
        Optimizers.requirePositive("adamW.epsilon", epsilon);
        Optimizers.requireNonNegative("adamW.weightDecay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public Op update(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> grad, Operand<TFloat32> lr,
                     Operand<TFloat32> step) {
        Ops after = tf;
        if (weightDecay > 0 && p.decayed()) {
            Op decay = tf.assignSub(p.variable(), tf.math.mul(tf.math.mul(lr, tf.constant((float) weightDecay)), p.read()));
            after = tf.withControlDependencies(List.of(decay));
        }
        return Adam.applyAdam(after, store, p, grad, lr, step, beta1, beta2, epsilon);
    }
}
