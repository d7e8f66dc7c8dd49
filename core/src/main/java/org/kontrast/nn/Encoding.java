package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What an encoder gives for a batch.
 *
 * @param representation the features a linear probe reads (ConvNet: flattened conv maps; ResNet: pooled)
 * @param output         what the projection head reads (ConvNet: its final Dense; ResNet: the same as representation)
 */
public record Encoding(Operand<TFloat32> representation, Operand<TFloat32> output) {
}
