package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keep one colour channel of each image, chosen at random, and set the others to
 * zero, so that colour alone cannot tell two images (or two patches) apart. CPC v2's
 * colour dropping, applied per patch: Hénaff et al., "Data-Efficient Image Recognition
 * with Contrastive Predictive Coding", ICML 2020, section 4.1. Single-channel input passes through.
 */
public final class ColorDrop implements Augmentation {
    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        if (shape.isGrayscale()) {
            return images;
        }
        int channels = shape.channels();
        Operand<TFloat32> u = random.uniform(Pixels.batchSize(tf, images));
        Operand<TInt32> keep = tf.math.minimum(tf.dtypes.cast(tf.math.floor(tf.math.mul(u, tf.constant((float) channels))), TInt32.class),
                tf.constant(channels - 1));
        Operand<TFloat32> mask = tf.oneHot(keep, tf.constant(channels), tf.constant(1f), tf.constant(0f));
        return tf.math.mul(images, tf.reshape(mask, tf.constant(new int[] {-1, 1, 1, channels})));
    }
}
