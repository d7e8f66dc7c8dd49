package org.kontrast.method;

import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What a method builds its training graph from.
 *
 * @param tf       the graph's ops
 * @param store    where its parameters go
 * @param images   the source batch, NHWC float in [0, 1]
 * @param shape    one source image's shape
 * @param random   the step's random stream
 * @param progress the fraction of training done before this step, a scalar in [0, 1] (momentum schedules)
 * @param indices  each source image's index in the training set, [N] (memory banks); fed by the trainer
 */
public record MethodContext(Ops tf, ParameterStore store, Operand<TFloat32> images, ImageShape shape, RandomStream random,
                            Operand<TFloat32> progress, Operand<TInt32> indices) {
}
