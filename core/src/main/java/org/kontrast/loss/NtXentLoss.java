package org.kontrast.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * NT-Xent (normalised temperature-scaled cross entropy) over 2N views:
 * l(i, j) = -log exp(sim(z_i, z_j) / t) / sum_{k != i} exp(sim(z_i, z_k) / t),
 * averaged over all 2N anchors, sim the cosine similarity.
 * Chen et al., "A Simple Framework for Contrastive Learning of Visual
 * Representations", ICML 2020, eq. 1.
 */
public final class NtXentLoss implements ContrastiveLoss {
    /** SimCLR tunes 0.1-0.5; the Keras seed and the PyTorch peer use 0.1. */
    public static final double TEMPERATURE_DEFAULT = 0.1;
    /** Added to the squared norm before the inverse square root, as F.normalize's eps. */
    private static final float NORM_EPSILON = 1e-12f;
    /** Subtracted from self-similarities: exp of it is 0 in float32, and it stays finite. */
    private static final float SELF_MASK = 1e9f;

    private final double temperature;

    public NtXentLoss(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("ntXent.temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    public double temperature() {
        return temperature;
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        Operand<TFloat32> z = l2Normalize(tf, tf.concat(List.of(z1, z2), tf.constant(0)));
        Operand<TFloat32> logits = tf.math.div(tf.linalg.matMul(z, z, MatMul.transposeB(true)),
                tf.constant((float) temperature));
        Operand<TInt32> n = Rows.count(tf, z1);
        Operand<TInt32> twoN = tf.math.mul(n, tf.constant(2));
        Operand<TInt32> idx = tf.range(tf.constant(0), twoN, tf.constant(1));
        Operand<TFloat32> self = tf.oneHot(idx, twoN, tf.constant(SELF_MASK), tf.constant(0f));
        // The positive of anchor i is its other view: i + N for the first half, i - N for the second.
        Operand<TInt32> positive = tf.math.floorMod(tf.math.add(idx, n), twoN);
        Operand<TFloat32> labels = tf.oneHot(positive, twoN, tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> perAnchor = tf.nn.softmaxCrossEntropyWithLogits(tf.math.sub(logits, self), labels).loss();
        return tf.math.mean(perAnchor, tf.constant(0));
    }

    /** Rows scaled to unit length. */
    public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, tf.constant(NORM_EPSILON))));
    }
}
