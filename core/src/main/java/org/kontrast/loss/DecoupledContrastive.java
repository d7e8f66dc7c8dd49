package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Decoupled contrastive loss (DCCLR): InfoNCE with the positive pair removed from
 * the denominator. With s_ij = cos(z1_i, z2_j) / t, as in the Keras contrastive
 * baseline (one log over both directions' negatives):
 * l = mean_i [ -s_ii + log( sum_{j != i} exp(s_ji) + sum_{j != i} exp(s_ij) ) ].
 * Yeh et al., "Decoupled Contrastive Learning", ECCV 2022, eq. 6.
 */
public final class DecoupledContrastive implements ContrastiveLoss {
    public static final double TEMPERATURE_DEFAULT = 0.1;

    private final double temperature;

    public DecoupledContrastive(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        Operand<TFloat32> a = NtXentLoss.l2Normalize(tf, z1);
        Operand<TFloat32> b = NtXentLoss.l2Normalize(tf, z2);
        Operand<TFloat32> s = tf.math.div(tf.linalg.matMul(a, b, MatMul.transposeB(true)), tf.constant((float) temperature));
        Operand<TFloat32> eye = Rows.eyeLike(tf, s);
        Operand<TFloat32> offDiagonal = tf.math.mul(tf.math.sub(tf.constant(1f), eye), tf.math.exp(s));
        Operand<TFloat32> denominators = tf.math.add(tf.reduceSum(offDiagonal, tf.constant(0)), tf.reduceSum(offDiagonal, tf.constant(1)));
        Operand<TFloat32> positives = tf.reduceSum(tf.math.mul(s, eye), tf.constant(1));
        return tf.math.mean(tf.math.sub(tf.math.log(denominators), positives), tf.constant(0));
    }
}
