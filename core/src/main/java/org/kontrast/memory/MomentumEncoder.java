package org.kontrast.memory;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A target network kept as an exponential moving average of the online one:
 * theta_t <- m theta_t + (1 - m) theta_o after every step. He et al., "Momentum
 * Contrast for Unsupervised Visual Representation Learning", CVPR 2020, eq. 2;
 * the cosine schedule of m is Grill et al., "Bootstrap Your Own Latent", NeurIPS 2020, sec. 3.2.
 */
public final class MomentumEncoder {
    private final ParameterStore target;

    /** @param online the store of the online network; build the target's layers in {@link #store()} */
    public MomentumEncoder(ParameterStore online, String prefix) {
        this.target = online.momentumCopy(prefix);
    }

    /** Where the target network is built, with the online network's layer names. */
    public ParameterStore store() {
        return target;
    }

    /** m held constant (MoCo: 0.999; the Keras baseline: 0.99). */
    public static Operand<TFloat32> constant(Ops tf, double momentum) {
        checkMomentum("momentum", momentum);
        return tf.constant((float) momentum);
    }

    /** BYOL's m = 1 - (1 - m0) (cos(pi p) + 1) / 2, from m0 at p = 0 to 1 at the end of training. */
    public static Operand<TFloat32> cosine(Ops tf, double base, Operand<TFloat32> progress) {
        checkMomentum("momentum", base);
        Operand<TFloat32> cos = tf.math.cos(tf.math.mul(progress, tf.constant((float) Math.PI)));
        Operand<TFloat32> half = tf.math.mul(tf.math.add(cos, tf.constant(1f)), tf.constant(0.5f));
        return tf.math.sub(tf.constant(1f), tf.math.mul(tf.constant((float) (1 - base)), half));
    }

    /** The EMA assignments; build with ops that follow the optimiser step so the online weights are the updated ones. */
    public Op update(Ops afterStep, Operand<TFloat32> momentum) {
        List<Parameter[]> pairs = target.copiedPairs();
        if (pairs.isEmpty()) {
            throw new IllegalStateException("the target network has no parameters: build it in store() first");
        }
        List<Op> assigns = new ArrayList<>();
        for (Parameter[] pair : pairs) {
            Operand<TFloat32> t = afterStep.identity(pair[0].variable());
            Operand<TFloat32> o = afterStep.identity(pair[1].variable());
            Operand<TFloat32> next = afterStep.math.add(t, afterStep.math.mul(
                    afterStep.math.sub(afterStep.constant(1f), momentum), afterStep.math.sub(o, t)));
            assigns.add(afterStep.assign(pair[0].variable(), next));
        }
        return afterStep.withControlDependencies(assigns).noOp();
    }

    /** An EMA coefficient must lie in [0, 1]; methods check theirs when built, before any graph exists. */
    public static double checkMomentum(String field, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + momentum);
        }
        return momentum;
    }
}
