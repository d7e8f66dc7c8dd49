package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What an encoder gives for a batch.
 *
 * @param representation the features a linear probe reads (ConvNet: flattened conv maps; ResNet: pooled)
 * @param output         what the projection head reads (ConvNet: its final Dense; ResNet: the same as representation)
 * @param featureMap     a spatial map below the top, NHWC, that local objectives (DIM) read; null where the encoder has none
 */
public record Encoding(Operand<TFloat32> representation, Operand<TFloat32> output, Operand<TFloat32> featureMap) {
    public Encoding(Operand<TFloat32> representation, Operand<TFloat32> output) {
        this(representation, output, null);
    }
}
