package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Layer normalisation over the last axis. Ba, Kiros and Hinton, "Layer Normalization", 2016. */
public final class LayerNorm implements Layer {
    public static final float EPSILON = 1e-5f;

    private final Ops tf;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(ParameterStore store, String name, int features) {
        if (features < 1) {
            throw new IllegalArgumentException("LayerNorm " + name + ": features must be >= 1, got " + features);
        }
        this.tf = store.tf();
        this.gamma = store.trainable(name + "_gamma", Shape.of(features), Initializer.ONES, features, features, false);
        this.beta = store.trainable(name + "_beta", Shape.of(features), Initializer.ZEROS, features, features, false);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TInt32> last = tf.constant(new int[] {-1});
        Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(x, mean);
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), last, Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(EPSILON))));
        return tf.math.add(tf.math.mul(normed, gamma.read()), beta.read());
    }
}
