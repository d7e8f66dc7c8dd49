package org.kontrast.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * InfoNCE with cosine similarities: anchor i's positive is row i of the positives,
 * its negatives the other positives and, optionally, a bank of extra keys (MoCo's queue):
 * l_i = -log exp(q_i.k_i / t) / (sum_j exp(q_i.k_j / t) + sum_m exp(q_i.n_m / t)), averaged over i.
 * van den Oord et al., "Representation Learning with Contrastive Predictive Coding",
 * 2018, eq. 4; with a queue, He et al., CVPR 2020, eq. 1.
 */
public final class InfoNce {
    /** The Keras contrastive baseline's temperature for MoCo and NNCLR. */
    public static final double TEMPERATURE_DEFAULT = 0.1;

    private final double temperature;

    public InfoNce(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    public double temperature() {
        return temperature;
    }

    /** @param negatives extra keys [m, d] or null; all inputs are normalised here */
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> anchors, Operand<TFloat32> positives, Operand<TFloat32> negatives) {
        Operand<TFloat32> q = NtXentLoss.l2Normalize(tf, anchors);
        Operand<TFloat32> keys = NtXentLoss.l2Normalize(tf, positives);
        if (negatives != null) {
            keys = tf.concat(List.of(keys, NtXentLoss.l2Normalize(tf, negatives)), tf.constant(0));
        }
        Operand<TFloat32> logits = tf.math.div(tf.linalg.matMul(q, keys, MatMul.transposeB(true)), tf.constant((float) temperature));
        Operand<TInt32> n = Rows.count(tf, q);
        Operand<TInt32> width = Rows.count(tf, keys);
        Operand<TFloat32> labels = tf.oneHot(tf.range(tf.constant(0), n, tf.constant(1)), width, tf.constant(1f), tf.constant(0f));
        return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
    }
}
