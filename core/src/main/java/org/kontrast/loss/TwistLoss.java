package org.kontrast.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TWIST: the batch-standardised embeddings become class distributions p = softmax(z);
 * the loss is the cross-entropy between the twins (consistency plus sharpness)
 * minus the entropy of the batch-mean distribution (diversity):
 * L = mean_i [H(p1_i, p2_i) + H(p2_i, p1_i)] / 2 - [H(mean p1) + H(mean p2)] / 2,
 * with H(a, b) = -sum a log b. Wang et al., "Self-Supervised Learning by
 * Estimating Twin Class Distributions", 2021, eq. 5; in the Keras baseline's form.
 */
public final class TwistLoss implements ContrastiveLoss {
    /** Keeps log away from 0 as Keras' categorical cross-entropy clips it. */
    private static final float LOG_EPSILON = 1e-7f;

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        Operand<TFloat32> p1 = tf.nn.softmax(Rows.standardize(tf, z1));
        Operand<TFloat32> p2 = tf.nn.softmax(Rows.standardize(tf, z2));
        Operand<TFloat32> consistency = tf.math.mean(tf.concat(List.of(crossEntropy(tf, p1, p2), crossEntropy(tf, p2, p1)),
                tf.constant(0)), tf.constant(0));
        Operand<TFloat32> m1 = tf.math.mean(p1, tf.constant(0), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> m2 = tf.math.mean(p2, tf.constant(0), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> diversity = tf.math.mean(tf.concat(List.of(crossEntropy(tf, m1, m1), crossEntropy(tf, m2, m2)),
                tf.constant(0)), tf.constant(0));
        return tf.math.sub(consistency, diversity);
    }

    /** Row-wise H(a, b) = -sum_k a_k log b_k. */
    private static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        Operand<TFloat32> logB = tf.math.log(tf.math.maximum(b, tf.constant(LOG_EPSILON)));
        return tf.math.neg(Rows.rowDot(tf, a, logB));
    }
}
