package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * BYOL's regression loss between the online prediction p and the target
 * projection z (no gradient): l = 2 - 2 cos(p, z), averaged over the batch.
 * Grill et al., "Bootstrap Your Own Latent", NeurIPS 2020, eq. 2.
 */
public final class ByolRegression {
    /** Grill et al.'s base target momentum, raised to 1 by a cosine schedule. */
    public static final double MOMENTUM_DEFAULT = 0.996;

    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> prediction, Operand<TFloat32> target) {
        Operand<TFloat32> cos = Rows.rowDot(tf, NtXentLoss.l2Normalize(tf, prediction),
                NtXentLoss.l2Normalize(tf, tf.stopGradient(target)));
        return tf.math.mean(tf.math.sub(tf.constant(2f), tf.math.mul(tf.constant(2f), cos)), tf.constant(0));
    }
}
