package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One variable of the graph and the single identity read every consumer uses.
 * Reading through one identity keeps gradients off the ref variable itself
 * (the gradient of Square taken on a ref variable crashes the JVM).
 *
 * @param name      flat, unique name: checkpoints are keyed by it
 * @param variable  the variable
 * @param read      {@code identity(variable)}; what layers consume
 * @param shape     its static shape
 * @param trainable whether optimisers update it from gradients
 * @param decayed   whether weight decay applies (kernels yes; biases and norm parameters no)
 */
public record Parameter(String name, Variable<TFloat32> variable, Operand<TFloat32> read,
                        Shape shape, boolean trainable, boolean decayed) {
}
