package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Small graph helpers the augmentations share. */
final class Pixels {
    /** ITU-R BT.601 luma weights, as torchvision's rgb_to_grayscale. */
    static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private Pixels() {
    }

    static Operand<TInt32> batchSize(Ops tf, Operand<TFloat32> images) {
        return tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    }

    /** A [N] draw reshaped to [N, 1, 1, 1] so it broadcasts over an image. */
    static Operand<TFloat32> perImage(Ops tf, Operand<TFloat32> perSample) {
        return tf.reshape(perSample, tf.constant(new int[] {-1, 1, 1, 1}));
    }

    static Operand<TFloat32> clip01(Ops tf, Operand<TFloat32> x) {
        return tf.clipByValue(x, tf.constant(0f), tf.constant(1f));
    }

    /** Luma of an RGB batch, [N, H, W, 1]. */
    static Operand<TFloat32> luma(Ops tf, Operand<TFloat32> rgb) {
        Operand<TFloat32> weighted = tf.math.mul(rgb, tf.constant(LUMA));
        return tf.reduceSum(weighted, tf.constant(new int[] {3}), ReduceSum.keepDims(true));
    }

    /**
     * Per image: where {@code mask} [N] is true take {@code a}, else {@code b}.
     * Ops.select is SelectV2, which broadcasts from the right, so the mask is
     * shaped [N, 1, 1, 1] first.
     */
    static Operand<TFloat32> choose(Ops tf, Operand<TBool> mask, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.select(tf.reshape(mask, tf.constant(new int[] {-1, 1, 1, 1})), a, b);
    }
}
