package org.kontrast.memory;

import java.util.List;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A FIFO of the last {@code size} unit-length keys, newest first, starting as
 * random unit vectors. He et al., "Momentum Contrast for Unsupervised Visual
 * Representation Learning", CVPR 2020, sec. 3.2 (the dictionary as a queue).
 */
public final class KeyQueue {
    private final Parameter keys;
    private final int size;
    private final int dim;

    public KeyQueue(ParameterStore store, String name, int size, int dim) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("queue " + name + ": size and dim must be >= 1, got size=" + size + " dim=" + dim);
        }
        this.keys = store.state(name, Shape.of(size, dim), Initializer.STANDARD_NORMAL);
        this.size = size;
        this.dim = dim;
    }

    /** The queue's keys [size, dim], unit length (the random start is normalised on read). */
    public Operand<TFloat32> read(Ops tf) {
        return NtXentLoss.l2Normalize(tf, tf.stopGradient(keys.read()));
    }

    /**
     * Pushes {@code newKeys} [n, dim] in front and drops the n oldest. Keys are
     * normalised and never carry gradient. With n >= size only the first size new keys stay.
     */
    public Op enqueue(Ops afterStep, Operand<TFloat32> newKeys) {
        Operand<TFloat32> fresh = NtXentLoss.l2Normalize(afterStep, afterStep.stopGradient(newKeys));
        Operand<TFloat32> current = afterStep.identity(keys.variable());
        Operand<TFloat32> joined = afterStep.concat(List.of(fresh, current), afterStep.constant(0));
        Operand<TFloat32> kept = afterStep.slice(joined, afterStep.constant(new int[] {0, 0}), afterStep.constant(new int[] {size, dim}));
        return afterStep.assign(keys.variable(), kept);
    }

    public int size() {
        return size;
    }

    public String name() {
        return keys.name();
    }
}
