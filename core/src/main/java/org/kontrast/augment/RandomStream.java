package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Independent stateless random draws inside one graph. Every draw is keyed by a
 * fed base seed (run seed, step) and a distinct salt fixed at graph-build time,
 * so a step's randomness depends only on (seed, step): runs repeat bit for bit
 * and a resumed run continues exactly where it stopped.
 * Mutable only while its graph is being built.
 */
public final class RandomStream {
    /** Draws one graph may make; salts above it would collide with the next step's keys. */
    public static final int MAX_DRAWS = 4096;

    private final Ops tf;
    private final Operand<TInt64> base;
    private int salt;

    /** @param base an int64 [2] tensor, usually a placeholder fed with (seed, step) */
    public RandomStream(Ops tf, Operand<TInt64> base) {
        this.tf = tf;
        this.base = base;
    }

    /** A fresh stateless key: (seed, step * MAX_DRAWS + salt). */
    public Operand<TInt64> nextKey() {
        if (salt >= MAX_DRAWS) {
            throw new IllegalStateException("more than " + MAX_DRAWS + " random draws in one graph");
        }
        long s = salt++;
        Operand<TInt64> scaled = tf.math.mul(base, tf.constant(new long[] {1, MAX_DRAWS}));
        return tf.math.add(scaled, tf.constant(new long[] {0, s}));
    }

    /** U[0, 1) of the given dynamic shape. */
    public Operand<TFloat32> uniform(Operand<TInt32> shape) {
        return tf.random.statelessRandomUniform(shape, nextKey());
    }

    /** U[lo, hi) of the given dynamic shape. */
    public Operand<TFloat32> uniform(Operand<TInt32> shape, double lo, double hi) {
        Operand<TFloat32> u = uniform(shape);
        return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
    }

    /** Integers uniform in [0, n) of the given dynamic shape. */
    public Operand<TInt32> uniformInts(Operand<TInt32> shape, int n) {
        return tf.random.statelessRandomUniformInt(shape, nextKey(), tf.constant(0), tf.constant(n));
    }

    /** A boolean mask, true with probability p, of the given dynamic shape. */
    public Operand<TBool> bernoulli(Operand<TInt32> shape, double p) {
        return tf.math.less(uniform(shape), tf.constant((float) p));
    }
}
