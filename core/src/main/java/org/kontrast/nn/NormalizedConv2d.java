package org.kontrast.nn;

import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Normalised (demodulated) convolution: each output channel's kernel is divided by its
 * L2 norm over height, width and input channels before it is applied, so that unit-variance
 * inputs give unit-variance outputs without batch statistics. Karras et al., "Analyzing and
 * Improving the Image Quality of StyleGAN", CVPR 2020, eq. 3 (demodulation).
 * Any encoder gets it: build the encoder inside {@link #within}, and every {@link Conv2d}
 * made there normalises its kernel.
 */
public final class NormalizedConv2d {
    /** Karras et al.'s epsilon. */
    public static final float EPSILON = 1e-8f;

    private NormalizedConv2d() {
    }

    /** The kernel [kh, kw, in, out] with each output channel scaled to unit L2 norm. */
    public static Operand<TFloat32> demodulate(Ops tf, Operand<TFloat32> kernel) {
        Operand<TFloat32> sq = tf.reduceSum(tf.math.square(kernel), tf.constant(new int[] {0, 1, 2}), ReduceSum.keepDims(true));
        return tf.math.mul(kernel, tf.math.rsqrt(tf.math.add(sq, tf.constant(EPSILON))));
    }

    /** Builds {@code encoder} with every convolution of {@code store} normalised. */
    public static <T> T within(ParameterStore store, Supplier<T> encoder) {
        return store.withNormalizedConvolutions(encoder);
    }
}
