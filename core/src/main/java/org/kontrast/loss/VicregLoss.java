package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * VICReg: l = lambda s(z1, z2) + mu [v(z1) + v(z2)] / 2 + nu [c(z1) + c(z2)] with
 * s the mean squared difference over all n x d entries, v(z) = mean_j max(0, 1 - sqrt(Var(z_j) + eps))
 * (unbiased variance) and c(z) = sum_{i != j} Cov(z)_ij^2 / d. Bardes et al., "VICReg:
 * Variance-Invariance-Covariance Regularization for Self-Supervised Learning", ICLR 2022,
 * eq. 1-6, normalised as the authors' code does, for which the default weights were tuned.
 */
public final class VicregLoss implements ContrastiveLoss {
    public static final double INVARIANCE_DEFAULT = 25;
    public static final double VARIANCE_DEFAULT = 25;
    public static final double COVARIANCE_DEFAULT = 1;
    /** Bardes et al.'s epsilon inside the standard deviation. */
    public static final float EPSILON = 1e-4f;

    private final double invariance;
    private final double variance;
    private final double covariance;

    public VicregLoss(double invariance, double variance, double covariance) {
        this.invariance = BarlowTwinsLoss.checkWeight(invariance);
        this.variance = BarlowTwinsLoss.checkWeight(variance);
        this.covariance = BarlowTwinsLoss.checkWeight(covariance);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        Operand<TFloat32> diff = tf.math.sub(z1, z2);
        Operand<TFloat32> sim = tf.math.mean(tf.math.square(diff), tf.constant(new int[] {0, 1}));
        Operand<TFloat32> var = tf.math.mul(tf.constant(0.5f), tf.math.add(varianceTerm(tf, z1), varianceTerm(tf, z2)));
        Operand<TFloat32> cov = tf.math.add(covarianceTerm(tf, z1), covarianceTerm(tf, z2));
        return tf.math.add(tf.math.add(tf.math.mul(tf.constant((float) invariance), sim),
                tf.math.mul(tf.constant((float) variance), var)), tf.math.mul(tf.constant((float) covariance), cov));
    }

    private static Operand<TFloat32> centred(Ops tf, Operand<TFloat32> z) {
        return tf.math.sub(z, tf.math.mean(z, tf.constant(0), Mean.keepDims(true)));
    }

    private static Operand<TFloat32> nMinusOne(Ops tf, Operand<TFloat32> z) {
        return tf.math.sub(Rows.countFloat(tf, z), tf.constant(1f));
    }

    private static Operand<TFloat32> varianceTerm(Ops tf, Operand<TFloat32> z) {
        Operand<TFloat32> c = centred(tf, z);
        Operand<TFloat32> var = tf.math.div(tf.reduceSum(tf.math.square(c), tf.constant(0)), nMinusOne(tf, z));
        Operand<TFloat32> std = tf.math.sqrt(tf.math.add(var, tf.constant(EPSILON)));
        return tf.math.mean(tf.nn.relu(tf.math.sub(tf.constant(1f), std)), tf.constant(0));
    }

    private static Operand<TFloat32> covarianceTerm(Ops tf, Operand<TFloat32> z) {
        Operand<TFloat32> c = centred(tf, z);
        Operand<TFloat32> cov = tf.math.div(tf.linalg.matMul(c, c, org.tensorflow.op.linalg.MatMul.transposeA(true)), nMinusOne(tf, z));
        Operand<TFloat32> eye = Rows.eyeLike(tf, cov);
        Operand<TFloat32> off = tf.math.mul(cov, tf.math.sub(tf.constant(1f), eye));
        Operand<TFloat32> d = tf.dtypes.cast(Rows.count(tf, cov), TFloat32.class);
        return tf.math.div(Rows.sumAll(tf, tf.math.square(off)), d);
    }
}
