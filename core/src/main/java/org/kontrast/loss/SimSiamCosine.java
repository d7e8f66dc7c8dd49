package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SimSiam's negative cosine similarity with a stop-gradient on the target:
 * D(p, z) = -cos(p, stopgrad(z)), averaged over the batch; the method sums
 * D(p1, z2) / 2 + D(p2, z1) / 2. Chen and He, "Exploring Simple Siamese
 * Representation Learning", CVPR 2021, eq. 1 and 3.
 */
public final class SimSiamCosine {
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> prediction, Operand<TFloat32> target) {
        Operand<TFloat32> cos = Rows.rowDot(tf, NtXentLoss.l2Normalize(tf, prediction),
                NtXentLoss.l2Normalize(tf, tf.stopGradient(target)));
        return tf.math.neg(tf.math.mean(cos, tf.constant(0)));
    }
}
