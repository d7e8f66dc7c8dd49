package org.kontrast.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Local Deep InfoMax: the score u(i, j, l) = g_i . m_(j,l) of image i's global vector
 * against location l of image j's local map is high for j = i and low for j != i.
 * JSD estimator: E_neg[softplus(-u) + u - log 2] - E_pos[log 2 - softplus(-u)].
 * InfoNCE estimator: for each (i, l), -log of the softmax of u(i, i, l) against every
 * u(i, j, l') with j != i, i.e. softplus(logsumexp_{j != i, l'} u(i, j, l') - u(i, i, l)).
 * Hjelm et al., "Learning Deep Representations by Mutual Information Estimation and
 * Maximization", ICLR 2019, eq. 4 and 5 and sec. 3.2.
 */
public final class DeepInfoMaxLoss {
    /** The mutual-information estimator. */
    public enum Estimator {
        JSD("jsd"), INFO_NCE("infoNce");

        private final String key;

        Estimator(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Estimator of(String key) {
            for (Estimator e : values()) {
                if (e.key.equals(key)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown DIM estimator \"" + key + "\" (known: jsd, infoNce)");
        }
    }

    /** Hjelm et al. found JSD the most robust across batch sizes and tasks (sec. 4.2). */
    public static final Estimator ESTIMATOR_DEFAULT = Estimator.JSD;
    private static final float LOG2 = (float) Math.log(2);
    /** Subtracted from the positive scores when taking the negatives' logsumexp: exp of it is exactly 0. */
    private static final float MASKED = 1e9f;

    private final Estimator estimator;

    public DeepInfoMaxLoss(Estimator estimator) {
        this.estimator = estimator;
    }

    public Estimator estimator() {
        return estimator;
    }

    /**
     * @param global [N, d] one vector per image
     * @param local  [N, L, d] the L locations of each image's map
     */
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> global, Operand<TFloat32> local) {
        Operand<TInt32> n = Rows.count(tf, global);
        Operand<TFloat32> flat = tf.reshape(local, tf.stack(List.of(tf.constant(-1), tf.gather(tf.shape(local), tf.constant(2), tf.constant(0)))));
        // u[i, j, l]
        Operand<TFloat32> u = tf.reshape(tf.linalg.matMul(global, flat, MatMul.transposeB(true)),
                tf.stack(List.of(n, n, tf.constant(-1))));
        Operand<TFloat32> same = tf.expandDims(tf.oneHot(tf.range(tf.constant(0), n, tf.constant(1)), n, tf.constant(1f), tf.constant(0f)),
                tf.constant(2));
        Operand<TFloat32> other = tf.math.sub(tf.constant(1f), same);
        if (estimator == Estimator.JSD) {
            Operand<TFloat32> pos = tf.math.sub(tf.constant(LOG2), tf.math.softplus(tf.math.neg(u)));
            Operand<TFloat32> neg = tf.math.sub(tf.math.add(tf.math.softplus(tf.math.neg(u)), u), tf.constant(LOG2));
            // N L positive pairs and N (N - 1) L negative ones, of N N L scores.
            Operand<TFloat32> all = tf.dtypes.cast(tf.size(u), TFloat32.class);
            Operand<TFloat32> positives = tf.math.div(all, tf.dtypes.cast(n, TFloat32.class));
            Operand<TFloat32> ePos = tf.math.div(Rows.sumAll(tf, tf.math.mul(same, pos)), positives);
            Operand<TFloat32> eNeg = tf.math.div(Rows.sumAll(tf, tf.math.mul(other, neg)), tf.math.sub(all, positives));
            return tf.math.sub(eNeg, ePos);
        }
        // [N, L]: each image's scores at its own locations.
        Operand<TFloat32> positive = tf.reduceSum(tf.math.mul(same, u), tf.constant(1));
        Operand<TFloat32> masked = tf.reshape(tf.math.sub(u, tf.math.mul(same, tf.constant(MASKED))), tf.stack(List.of(n, tf.constant(-1))));
        Operand<TFloat32> negatives = tf.expandDims(Rows.logSumExp(tf, masked), tf.constant(1));
        Operand<TFloat32> each = tf.math.softplus(tf.math.sub(negatives, positive));
        return tf.math.mean(tf.reshape(each, tf.constant(new int[] {-1})), tf.constant(0));
    }
}
