package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.nn.Encoder;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A method's part of the training graph.
 *
 * @param loss         the scalar to minimise
 * @param encoder      the encoder whose features are evaluated (the online encoder)
 * @param encoderInput the image shape that encoder expects
 * @param afterUpdate  state changes run after the optimiser step (EMA, enqueue, centre); empty for SimCLR
 */
public record MethodGraph(Operand<TFloat32> loss, Encoder encoder, ImageShape encoderInput, List<StateUpdate> afterUpdate) {
    public MethodGraph {
        afterUpdate = List.copyOf(afterUpdate);
    }
}
