package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A random, per-sample transform of an NHWC float batch in [0, 1], built into the
 * graph ahead of the encoder (it needs no gradient). Results stay in [0, 1].
 */
public interface Augmentation {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random);

    /** The shape of one output image; most augmentations keep it. */
    default ImageShape outputShape(ImageShape input) {
        return input;
    }
}
