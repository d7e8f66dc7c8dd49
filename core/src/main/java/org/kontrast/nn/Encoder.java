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

    /**
     * The representation's positions when it is a flattened map, each a token of representationDim / tokens
     * features in a row (what {@link org.kontrast.eval.AttentionProbe} attends over); 0 when it has none.
     */
    default int representationTokens() {
        return 0;
    }

    /**
     * Width of {@link #pooled}; 0 when the encoder reads only the input size it was built for.
     */
    default int pooledDim() {
        return 0;
    }

    /**
     * Features of images of any size, [N, pooledDim()]: the top feature map averaged over its positions,
     * skipping any layer sized for the built input. PIRL reads its jigsaw patches at their own size through it.
     */
    default Operand<TFloat32> pooled(Operand<TFloat32> images) {
        throw new IllegalStateException(getClass().getSimpleName() + " reads only the input size it was built for (pooledDim() is 0)");
    }

    /** The named parts of the representation that are probed separately; empty when it is one whole. */
    default java.util.List<RepresentationPart> representationParts() {
        return java.util.List.of();
    }
}
