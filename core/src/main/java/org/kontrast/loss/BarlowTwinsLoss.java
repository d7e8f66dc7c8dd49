package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Barlow Twins: the cross-correlation C of the batch-standardised embeddings is
 * pushed to the identity. Normalised as the Keras contrastive baseline does, so
 * the weight does not depend on the embedding width d:
 * L = sum_i (1 - C_ii)^2 / d + w sum_{i != j} C_ij^2 / (d (d - 1)).
 * Zbontar et al., "Barlow Twins: Self-Supervised Learning via Redundancy Reduction", ICML 2021, eq. 1.
 */
public final class BarlowTwinsLoss implements ContrastiveLoss {
    /** The Keras baseline's redundancy-reduction weight for this normalisation. */
    public static final double WEIGHT_DEFAULT = 10;

    private final double weight;

    public BarlowTwinsLoss(double weight) {
        this.weight = checkWeight(weight);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        return twinsLoss(tf, z1, z2, 0f, weight);
    }

    static double checkWeight(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be >= 0, got " + weight);
        }
        return weight;
    }

    /** The shared form of Barlow Twins and HSIC: off-diagonal entries pushed to {@code offTarget}. */
    static Operand<TFloat32> twinsLoss(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2, float offTarget, double weight) {
        Operand<TFloat32> c = Rows.crossCorrelation(tf, Rows.standardize(tf, z1), Rows.standardize(tf, z2));
        Operand<TFloat32> eye = Rows.eyeLike(tf, c);
        Operand<TFloat32> target = tf.math.add(eye, tf.math.mul(tf.math.sub(tf.constant(1f), eye), tf.constant(offTarget)));
        Operand<TFloat32> sq = tf.math.square(tf.math.sub(target, c));
        Operand<TFloat32> d = tf.dtypes.cast(Rows.count(tf, c), TFloat32.class);
        Operand<TFloat32> invariance = tf.math.div(Rows.sumAll(tf, tf.math.mul(sq, eye)), d);
        Operand<TFloat32> redundancy = tf.math.div(Rows.sumAll(tf, tf.math.mul(sq, tf.math.sub(tf.constant(1f), eye))),
                tf.math.mul(d, tf.math.sub(d, tf.constant(1f))));
        return tf.math.add(invariance, tf.math.mul(tf.constant((float) weight), redundancy));
    }
}
