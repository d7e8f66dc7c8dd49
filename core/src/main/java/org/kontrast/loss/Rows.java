package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Batch statistics the losses share. */
final class Rows {
    /** Added to variances before the square root, so a constant feature gives 0 rather than NaN. */
    static final float VARIANCE_EPSILON = 1e-6f;

    private Rows() {
    }

    /** The number of rows of a [n, d] matrix, as a scalar. */
    static Operand<TInt32> count(Ops tf, Operand<TFloat32> x) {
        return tf.squeeze(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})));
    }

    static Operand<TFloat32> countFloat(Ops tf, Operand<TFloat32> x) {
        return tf.dtypes.cast(count(tf, x), TFloat32.class);
    }

    /** Each column centred and scaled to unit (population) variance over the batch: BatchNorm without its affine part. */
    static Operand<TFloat32> standardize(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(0), Mean.keepDims(true)));
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), tf.constant(0), Mean.keepDims(true));
        return tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(VARIANCE_EPSILON))));
    }

    /** z1^T z2 / n for [n, d] inputs: the [d, d] cross-correlation of standardised features. */
    static Operand<TFloat32> crossCorrelation(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        return tf.math.div(tf.linalg.matMul(z1, z2, org.tensorflow.op.linalg.MatMul.transposeA(true)), countFloat(tf, z1));
    }

    /** The identity matrix the size of a square [d, d] operand. */
    static Operand<TFloat32> eyeLike(Ops tf, Operand<TFloat32> square) {
        Operand<TInt32> d = count(tf, square);
        return tf.oneHot(tf.range(tf.constant(0), d, tf.constant(1)), d, tf.constant(1f), tf.constant(0f));
    }

    static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        return tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)), ReduceSum.keepDims(false));
    }

    /** Row-wise dot product of two [n, d] matrices, [n]. */
    static Operand<TFloat32> rowDot(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.reduceSum(tf.math.mul(a, b), tf.constant(1));
    }

    /** log sum_j exp(x_ij) per row, shifted by the row's maximum so that exp never overflows. */
    static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(x, tf.constant(1), ReduceMax.keepDims(true)));
        Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), tf.constant(1));
        return tf.math.add(tf.math.log(sum), tf.reshape(max, tf.constant(new int[] {-1})));
    }
}
