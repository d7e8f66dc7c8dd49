package org.kontrast.train;

import java.util.List;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Turns gradients into one grouped update op. {@code tf} already carries control
 * dependencies on every gradient, so no parameter changes before all are computed.
 * The learning rate and the 1-based step count are scalars fed each step, so a
 * schedule lives in Java and a resumed run continues it exactly.
 */
public interface Optimizer {
    Op apply(Ops tf, ParameterStore store, List<Parameter> params, List<Operand<TFloat32>> grads,
             Operand<TFloat32> learningRate, Operand<TFloat32> step);
}
