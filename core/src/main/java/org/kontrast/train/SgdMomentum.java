package org.kontrast.train;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SGD with heavy-ball momentum and coupled L2 weight decay, as torch.optim.SGD:
 * v <- mu v + (g + wd w); w <- w - lr v. Sutskever et al., ICML 2013.
 */
public final class SgdMomentum implements Optimizer {
    public static final double MOMENTUM_DEFAULT = 0.9;
    public static final double WEIGHT_DECAY_DEFAULT = 5e-4;

    private final double momentum;
    private final double weightDecay;

    public SgdMomentum(double momentum, double weightDecay) {
        Optimizers.requireNonNegative("sgd.momentum", momentum);
        if (momentum >= 1) {
            throw new IllegalArgumentException("sgd.momentum must be < 1, got " + momentum);
        }
        Optimizers.requireNonNegative("sgd.weightDecay", weightDecay);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public Op apply(Ops tf, ParameterStore store, List<Parameter> params, List<Operand<TFloat32>> grads,
                    Operand<TFloat32> lr, Operand<TFloat32> step) {
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Operand<TFloat32> g = Optimizers.withCoupledDecay(tf, p, grads.get(i), weightDecay);
            Parameter v = store.state(p.name() + "_momentum", p.shape());
            updates.add(tf.train.applyMomentum(p.variable(), v.variable(), lr, g, tf.constant((float) momentum)));
        }
        return Optimizers.group(tf, updates);
    }
}
