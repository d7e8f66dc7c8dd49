package org.kontrast.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/** A 2-D convolution on NHWC batches, square kernel, optional bias; normalised when built inside {@link NormalizedConv2d#within}. */
public final class Conv2d implements Layer {
    private final Ops tf;
    private final Parameter kernel;
    private final Parameter bias;
    private final List<Long> strides;
    private final Padding padding;
    private final Precision precision;
    private final boolean normalized;

    public Conv2d(ParameterStore store, String name, int in, int out, int kernelSize, int stride,
                  Padding padding, boolean useBias, Initializer init) {
        if (in < 1 || out < 1 || kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException("Conv2d " + name + ": channels, kernel size and stride must be >= 1, got in="
                    + in + " out=" + out + " kernel=" + kernelSize + " stride=" + stride);
        }
        this.tf = store.tf();
        this.precision = store.precision();
        int fanIn = in * kernelSize * kernelSize;
        int fanOut = out * kernelSize * kernelSize;
        this.kernel = store.trainable(name + "_kernel", Shape.of(kernelSize, kernelSize, in, out), init, fanIn, fanOut, true);
        this.bias = useBias ? store.trainable(name + "_bias", Shape.of(out), Initializer.ZEROS, fanIn, fanOut, false) : null;
        this.strides = List.of(1L, (long) stride, (long) stride, 1L);
        this.padding = padding;
        this.normalized = store.normalizedConvolutions();
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> k = kernel();
        Operand<TFloat32> y = precision.run(tf, x, k, new Precision.BinaryOp() {
            @Override
            public <T extends TNumber> Operand<T> apply(Operand<T> a, Operand<T> b) {
                return tf.nn.conv2d(a, b, strides, padding.name());
            }
        });
        return bias == null ? y : tf.nn.biasAdd(y, bias.read());
    }

    /**
     * relu(apply(x)). In float32 with a bias it is one fused op whose gradient reads the ReLU's output
     * ({@link FusedBiasRelu}); values and gradients are TensorFlow's own.
     */
    public Operand<TFloat32> applyRelu(Operand<TFloat32> x) {
        if (bias == null || precision != Precision.FLOAT32) {
            return tf.nn.relu(apply(x));
        }
        return FusedBiasRelu.conv2d(tf, x, kernel(), bias.read(), strides, padding.name());
    }

    private Operand<TFloat32> kernel() {
        return normalized ? NormalizedConv2d.demodulate(tf, kernel.read()) : kernel.read();
    }

    /** Output side length for an input side length, as TensorFlow computes it. */
    public static int outputSize(int input, int kernelSize, int stride, Padding padding) {
        return padding == Padding.SAME ? (input + stride - 1) / stride : (input - kernelSize) / stride + 1;
    }
}
