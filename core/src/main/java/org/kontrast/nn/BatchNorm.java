package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation of [N, C] features with the batch's own statistics:
 * y = gamma (x - mean_B) / sqrt(var_B + eps) + beta. Ioffe and Szegedy, ICML 2015.
 * Used only inside projection and prediction heads, which run in training alone,
 * so no running averages are kept. The two views of a batch share statistics.
 */
public final class BatchNorm implements Layer {
    public static final float EPSILON = 1e-5f;

    private final Ops tf;
    private final Parameter gamma;
    private final Parameter beta;

    public BatchNorm(ParameterStore store, String name, int channels) {
        this.tf = store.tf();
        this.gamma = store.trainable(name + "_gamma", Shape.of(channels), Initializer.ONES, channels, channels, false);
        this.beta = store.trainable(name + "_beta", Shape.of(channels), Initializer.ZEROS, channels, channels, false);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(0), Mean.keepDims(true)));
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), tf.constant(0), Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(EPSILON))));
        return tf.math.add(tf.math.mul(normed, gamma.read()), beta.read());
    }
}
