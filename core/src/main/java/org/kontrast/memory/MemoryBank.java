package org.kontrast.memory;

import org.kontrast.loss.NtXentLoss;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One unit-length feature per training image, kept across steps: after a step, the rows
 * of the batch's images move towards their new features, v_i <- normalise(m v_i + (1 - m) f_i).
 * Rows start as random unit vectors. Wu et al., "Unsupervised Feature Learning via
 * Non-Parametric Instance Discrimination", CVPR 2018, sec. 3.1 and 3.4.
 */
public final class MemoryBank {
    /** Wu et al.'s update momentum (their code's default; sec. 3.4 describes the proximal variant). */
    public static final double MOMENTUM_DEFAULT = 0.5;

    private final Parameter rows;
    private final int size;
    private final int dim;
    private final double momentum;

    public MemoryBank(ParameterStore store, String name, int size, int dim, double momentum) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("memory bank " + name + ": size and dim must be >= 1, got size=" + size + " dim=" + dim);
        }
        this.rows = store.state(name, Shape.of(size, dim), Initializer.STANDARD_NORMAL);
        this.size = size;
        this.dim = dim;
        this.momentum = MomentumEncoder.checkMomentum("memory bank momentum", momentum);
    }

    /** Every row, unit length, without gradient: [size, dim]. The random start is normalised on read. */
    public Operand<TFloat32> read(Ops tf) {
        return NtXentLoss.l2Normalize(tf, tf.stopGradient(rows.read()));
    }

    /** The rows of {@code indices} [n], unit length, without gradient: [n, dim]. */
    public Operand<TFloat32> rows(Ops tf, Operand<TInt32> indices) {
        return NtXentLoss.l2Normalize(tf, tf.stopGradient(tf.gather(rows.read(), indices, tf.constant(0))));
    }

    /** Moves the rows of {@code indices} towards {@code features} [n, dim] (normalised here); indices must not repeat. */
    public Op update(Ops afterStep, Operand<TInt32> indices, Operand<TFloat32> features) {
        Operand<TFloat32> current = afterStep.identity(rows.variable());
        Operand<TFloat32> old = NtXentLoss.l2Normalize(afterStep, afterStep.gather(current, indices, afterStep.constant(0)));
        Operand<TFloat32> fresh = NtXentLoss.l2Normalize(afterStep, afterStep.stopGradient(features));
        Operand<TFloat32> mixed = afterStep.math.add(afterStep.math.mul(afterStep.constant((float) momentum), old),
                afterStep.math.mul(afterStep.constant((float) (1 - momentum)), fresh));
        return afterStep.scatterUpdate(rows.variable(), indices, NtXentLoss.l2Normalize(afterStep, mixed));
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    public String name() {
        return rows.name();
    }
}
