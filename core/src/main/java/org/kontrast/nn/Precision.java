package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * The arithmetic of convolutions and dense layers. Mixed precision computes them
 * in a 16-bit type from float32 master weights cast on the way in, and casts the
 * result back, so normalisation, losses and the optimiser stay float32.
 * Micikevicius et al., "Mixed Precision Training", ICLR 2018: float16 needs its
 * loss scaled so that small gradients survive; bfloat16 keeps float32's exponent
 * range and needs none.
 */
public enum Precision {
    FLOAT32(TFloat32.class, 1f),
    /** For GPUs: float16 compute, the loss scaled by {@link #FLOAT16_LOSS_SCALE}. */
    MIXED_FLOAT16(TFloat16.class, Precision.FLOAT16_LOSS_SCALE),
    /** For CPUs with bfloat16 instructions (avx512_bf16, amx_bf16). */
    MIXED_BFLOAT16(TBfloat16.class, 1f);

    /** A power of two, so scaling and unscaling are exact: Micikevicius et al.'s constant scaling. */
    public static final float FLOAT16_LOSS_SCALE = 1024f;

    private final Class<? extends TNumber> compute;
    private final float lossScale;

    Precision(Class<? extends TNumber> compute, float lossScale) {
        this.compute = compute;
        this.lossScale = lossScale;
    }

    /** What the loss is multiplied by before differentiation (and the gradients divided by after). */
    public float lossScale() {
        return lossScale;
    }

    /** A two-input op (convolution, matrix product) run in this precision, returning float32. */
    public interface BinaryOp {
        <T extends TNumber> Operand<T> apply(Operand<T> a, Operand<T> b);
    }

    public Operand<TFloat32> run(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, BinaryOp op) {
        return this == FLOAT32 ? op.apply(a, b) : castRun(tf, compute, a, b, op);
    }

    private static <T extends TNumber> Operand<TFloat32> castRun(Ops tf, Class<T> type, Operand<TFloat32> a, Operand<TFloat32> b,
                                                                 BinaryOp op) {
        return tf.dtypes.cast(op.apply(tf.dtypes.cast(a, type), tf.dtypes.cast(b, type)), TFloat32.class);
    }
}
