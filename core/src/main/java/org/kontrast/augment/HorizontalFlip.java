package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Mirror each image left-right with probability p. SimCLR, appendix A (p = 0.5). */
public final class HorizontalFlip implements Augmentation {
    public static final double P_DEFAULT = 0.5;

    private final double p;

    public HorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("horizontalFlip.p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        Operand<TFloat32> flipped = tf.reverse(images, tf.constant(new int[] {2}));
        return Pixels.choose(tf, random.bernoulli(Pixels.batchSize(tf, images), p), flipped, images);
    }
}
