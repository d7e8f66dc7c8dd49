package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Instance discrimination: every training image is its own class, represented by its
 * memory-bank row v_i. With scores s_j = v_j.f / t, either the full softmax over the
 * bank, -log(exp(s_i) / sum_j exp(s_j)) (eq. 2), or noise-contrastive estimation against
 * m rows drawn uniformly (P_n = 1/n): with log P_j = s_j - log Z and c = log(m / n),
 * -log h(i, v_i) - sum_k log(1 - h(i, v'_k)) = softplus(c - log P_i) + sum_k softplus(log P_k - c)
 * (eq. 3-6, in log space). Wu et al., "Unsupervised Feature Learning via Non-Parametric
 * Instance Discrimination", CVPR 2018.
 */
public final class NonParametricSoftmax {
    /** Wu et al., sec. 3.1. */
    public static final double TEMPERATURE_DEFAULT = 0.07;
    /** Wu et al.'s m, sec. 3.2. */
    public static final int NEGATIVES_DEFAULT = 4096;

    private final double temperature;

    public NonParametricSoftmax(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    public double temperature() {
        return temperature;
    }

    /**
     * The full softmax over the bank.
     *
     * @param features the batch's features [N, d], normalised here
     * @param bank     every bank row [n, d], unit length
     * @param indices  each image's row [N]
     */
    public Operand<TFloat32> full(Ops tf, Operand<TFloat32> features, Operand<TFloat32> bank, Operand<TInt32> indices) {
        Operand<TFloat32> f = NtXentLoss.l2Normalize(tf, features);
        Operand<TFloat32> scores = scaled(tf, tf.linalg.matMul(f, bank, MatMul.transposeB(true)));
        Operand<TFloat32> positive = scaled(tf, Rows.rowDot(tf, f, tf.gather(bank, indices, tf.constant(0))));
        return tf.math.mean(tf.math.sub(Rows.logSumExp(tf, scores), positive), tf.constant(0));
    }

    /**
     * NCE against shared negatives.
     *
     * @param positives the bank rows of the batch's images [N, d]
     * @param negatives m bank rows drawn uniformly, shared by the batch [m, d]
     * @param logZ      the log normaliser, a scalar
     * @param bankSize  n
     */
    public Operand<TFloat32> nce(Ops tf, Operand<TFloat32> features, Operand<TFloat32> positives, Operand<TFloat32> negatives,
                                 Operand<TFloat32> logZ, int bankSize) {
        Operand<TFloat32> f = NtXentLoss.l2Normalize(tf, features);
        return nceOfScores(tf, f, positives, negativeScores(tf, f, negatives), logZ, bankSize);
    }

    /**
     * NCE with Z estimated ({@link #logNormaliser}) from the same draws, without gradient; the scores
     * against the draws are computed once for both.
     */
    public Operand<TFloat32> nce(Ops tf, Operand<TFloat32> features, Operand<TFloat32> positives, Operand<TFloat32> negatives,
                                 int bankSize) {
        Operand<TFloat32> f = NtXentLoss.l2Normalize(tf, features);
        Operand<TFloat32> scores = negativeScores(tf, f, negatives);
        return nceOfScores(tf, f, positives, scores, logNormaliserOf(tf, tf.stopGradient(scores), bankSize), bankSize);
    }

    /** Wu et al.'s Monte Carlo estimate, Z = n mean_{i,k} exp(v'_k.f_i / t), as log Z, without gradient. */
    public Operand<TFloat32> logNormaliser(Ops tf, Operand<TFloat32> features, Operand<TFloat32> negatives, int bankSize) {
        Operand<TFloat32> f = NtXentLoss.l2Normalize(tf, tf.stopGradient(features));
        return logNormaliserOf(tf, negativeScores(tf, f, negatives), bankSize);
    }

    /** @param f unit rows [N, d]; @param scores s_ik = v'_k.f_i / t [N, m] */
    private Operand<TFloat32> nceOfScores(Ops tf, Operand<TFloat32> f, Operand<TFloat32> positives, Operand<TFloat32> scores,
                                          Operand<TFloat32> logZ, int bankSize) {
        Operand<TFloat32> m = tf.dtypes.cast(tf.gather(tf.shape(scores), tf.constant(1), tf.constant(0)), TFloat32.class);
        Operand<TFloat32> c = tf.math.log(tf.math.div(m, tf.constant((float) bankSize)));
        Operand<TFloat32> logPos = tf.math.sub(scaled(tf, Rows.rowDot(tf, f, positives)), logZ);
        Operand<TFloat32> logNeg = tf.math.sub(scores, logZ);
        Operand<TFloat32> pos = tf.math.softplus(tf.math.sub(c, logPos));
        Operand<TFloat32> neg = tf.reduceSum(tf.math.softplus(tf.math.sub(logNeg, c)), tf.constant(1));
        return tf.math.mean(tf.math.add(pos, neg), tf.constant(0));
    }

    private Operand<TFloat32> negativeScores(Ops tf, Operand<TFloat32> f, Operand<TFloat32> negatives) {
        return scaled(tf, tf.linalg.matMul(f, negatives, MatMul.transposeB(true)));
    }

    /** log(n mean exp(scores)) over every score. */
    private static Operand<TFloat32> logNormaliserOf(Ops tf, Operand<TFloat32> scores, int bankSize) {
        Operand<TFloat32> s = tf.reshape(scores, tf.constant(new int[] {1, -1}));
        Operand<TFloat32> count = tf.dtypes.cast(tf.size(s), TFloat32.class);
        Operand<TFloat32> logMean = tf.math.sub(tf.reshape(Rows.logSumExp(tf, s), tf.constant(new int[0])), tf.math.log(count));
        return tf.math.add(logMean, tf.constant((float) Math.log(bankSize)));
    }

    private Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> dots) {
        return tf.math.div(dots, tf.constant((float) temperature));
    }
}
