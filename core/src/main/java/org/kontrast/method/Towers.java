package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.ProjectionHead;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An encoder and its projection head, built in one store. Both views go through
 * as one batch: one pass with shared weights, then split back into two halves.
 * Built a second time in a momentum copy's store, it is the target network.
 */
final class Towers {
    static final String HEAD = "projection";

    private final Ops tf;
    private final Encoder encoder;
    private final ProjectionHead head;

    /** @param batchNorm batch normalisation after the head's hidden layer, as the method's paper has it */
    Towers(ParameterStore store, EncoderFactory encoder, ImageShape viewShape, int headHidden, int headOut, boolean batchNorm) {
        if (headHidden < 1 || headOut < 1) {
            throw new IllegalArgumentException("head sizes must be >= 1, got hidden=" + headHidden + " out=" + headOut);
        }
        this.tf = store.tf();
        this.encoder = encoder.create(store, viewShape);
        this.head = new ProjectionHead(store, HEAD, this.encoder.outputDim(), headHidden, headOut, batchNorm);
    }

    Encoder encoder() {
        return encoder;
    }

    /** The head's outputs for the two views, [z1, z2]. */
    List<Operand<TFloat32>> project(List<Operand<TFloat32>> views) {
        Operand<TFloat32> both = tf.concat(views, tf.constant(0));
        return halves(tf, head.apply(encoder.encode(both).output()));
    }

    /** Splits a [2N, d] batch into its two [N, d] halves. */
    static List<Operand<TFloat32>> halves(Ops tf, Operand<TFloat32> x) {
        var parts = tf.split(tf.constant(0), x, 2L).output();
        return List.of(parts.get(0), parts.get(1));
    }
}
