package org.kontrast.train;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An optimiser whose update of a parameter depends only on that parameter, its gradient and its own slots. */
public interface ParameterwiseOptimizer extends Optimizer {
    Op update(Ops tf, ParameterStore store, Parameter p, Operand<TFloat32> grad, Operand<TFloat32> lr, Operand<TFloat32> step);

    @Override
    default Op apply(Ops tf, ParameterStore store, List<Parameter> params, List<Operand<TFloat32>> grads,
                     Operand<TFloat32> lr, Operand<TFloat32> step) {
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            updates.add(update(tf, store, params.get(i), grads.get(i), lr, step));
        }
        return tf.withControlDependencies(updates).noOp();
    }
}
