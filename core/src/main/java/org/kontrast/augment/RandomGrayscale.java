package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Replace an RGB image by its luma, repeated over the three channels, with
 * probability p. SimCLR, appendix A (p = 0.2). Single-channel input passes through.
 */
public final class RandomGrayscale implements Augmentation {
    public static final double P_DEFAULT = 0.2;

    private final double p;

    public RandomGrayscale(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("randomGrayscale.p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        if (shape.isGrayscale()) {
            return images;
        }
        Operand<TFloat32> gray = tf.tile(Pixels.luma(tf, images), tf.constant(new int[] {1, 1, 1, shape.channels()}));
        return Pixels.choose(tf, random.bernoulli(Pixels.batchSize(tf, images), p), gray, images);
    }
}
