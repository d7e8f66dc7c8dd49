package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A backbone: NHWC images in [0, 1] to features. Applying it twice shares its weights. */
public interface Encoder {
    Encoding encode(Operand<TFloat32> images);

    /** Width of {@link Encoding#representation()}. */
    int representationDim();

    /** Width of {@link Encoding#output()}. */
    int outputDim();

    /** The named parts of the representation that are probed separately; empty when it is one whole. */
    default java.util.List<RepresentationPart> representationParts() {
        return java.util.List.of();
    }
}
