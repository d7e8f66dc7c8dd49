package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/** A fully connected layer {@code x W + b} on [N, in] inputs. */
public final class Dense implements Layer {
    private final Ops tf;
    private final Parameter kernel;
    private final Parameter bias;
    private final Precision precision;

    public Dense(ParameterStore store, String name, int in, int out, boolean useBias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense " + name + ": in and out must be >= 1, got " + in + " and " + out);
        }
        this.tf = store.tf();
        this.precision = store.precision();
        this.kernel = store.trainable(name + "_kernel", Shape.of(in, out), Initializer.GLOROT_UNIFORM, in, out, true);
        this.bias = useBias ? store.trainable(name + "_bias", Shape.of(out), Initializer.ZEROS, in, out, false) : null;
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> y = precision.run(tf, x, kernel.read(), new Precision.BinaryOp() {
            @Override
            public <T extends TNumber> Operand<T> apply(Operand<T> a, Operand<T> b) {
                return tf.linalg.matMul(a, b);
            }
        });
        return bias == null ? y : tf.math.add(y, bias.read());
    }
}
