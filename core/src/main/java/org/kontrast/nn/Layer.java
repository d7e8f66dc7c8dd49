package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A differentiable map of a batch; its parameters live in a {@link ParameterStore}. */
@FunctionalInterface
public interface Layer {
    Operand<TFloat32> apply(Operand<TFloat32> x);
}
