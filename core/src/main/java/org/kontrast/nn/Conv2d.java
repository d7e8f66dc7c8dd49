package org.kontrast.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/** A 2-D convolution on NHWC batches, square kernel, optional bias; normalised when built inside {@link NormalizedConv2d#within}. */
public final class Conv2d implements Layer {
    /**
     * Up to this many input channels (an image's first layer) {@link #applyRelu} multiplies patches by the
     * kernel: oneDNN's convolution over 3 channels runs at a third of this CPU's MatMul rate, and the patches cut
     * the benchmark's first layer, forward and filter gradient, by 15% (1 channel: 9%).
     */
    public static final int PATCH_MATMUL_MAX_CHANNELS = 4;

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
     * ({@link FusedBiasRelu}): a convolution; for few input channels, patches times the kernel; for a VALID
     * kernel as large as the input, the flattened input times the kernel. Values agree with apply to rounding;
     * gradients are the same sums in another order.
     */
    public Operand<TFloat32> applyRelu(Operand<TFloat32> x) {
        if (bias == null || precision != Precision.FLOAT32) {
            return tf.nn.relu(apply(x));
        }
        if (coversInput(x)) {
            return wholeInputRelu(x);
        }
        if (kernel.shape().size(2) <= PATCH_MATMUL_MAX_CHANNELS) {
            return patchMatMulRelu(x);
        }
        return FusedBiasRelu.conv2d(tf, x, kernel(), bias.read(), strides, padding.name());
    }

    /**
     * The patches come from a convolution with a one-hot kernel, so padding and stride are TensorFlow's own and
     * the input keeps its gradient; each patch lists rows, columns, channels in the HWIO kernel's order. The
     * convolution's bias appends a constant 1 to each patch and the layer's bias is the kernel's last row: the
     * product's gradient then carries the bias gradient, which otherwise costs its own pass over the activation
     * (1-2% of the benchmark step).
     */
    private Operand<TFloat32> patchMatMulRelu(Operand<TFloat32> x) {
        Shape hwio = kernel.shape();
        int patch = (int) (hwio.size(0) * hwio.size(1) * hwio.size(2));
        int columns = patch + 1;
        long out = hwio.size(3);
        float[] oneHot = new float[patch * columns];
        for (int i = 0; i < patch; i++) {
            oneHot[i * columns + i] = 1f;
        }
        float[] one = new float[columns];
        one[patch] = 1f;
        Operand<TFloat32> patches = tf.nn.biasAdd(tf.nn.conv2d(x, tf.constant(hwio.take(3).append(columns),
                DataBuffers.of(oneHot, true, false)), strides, padding.name()), tf.constant(one));
        Operand<TFloat32> rows = tf.reshape(patches, tf.constant(new long[] {-1, columns}));
        Operand<TFloat32> weights = tf.concat(List.of(tf.reshape(kernel(), tf.constant(new long[] {patch, out})),
                tf.reshape(bias.read(), tf.constant(new long[] {1, out}))), tf.constant(0));
        Operand<TFloat32> y = FusedBiasRelu.matMul(tf, rows, weights, tf.zeros(tf.constant(new long[] {out}), TFloat32.class));
        Shape s = patches.shape();
        Operand<TInt64> shape = s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0
                ? tf.constant(new long[] {-1, s.size(1), s.size(2), out})
                : tf.concat(List.of(tf.slice(tf.shape(patches, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {3})),
                        tf.constant(new long[] {out})), tf.constant(0));
        return tf.reshape(y, shape);
    }

    /** A VALID kernel the input's size has one output position, whatever the stride: a dense layer. */
    private boolean coversInput(Operand<TFloat32> x) {
        Shape s = x.shape();
        return padding == Padding.VALID && s.numDimensions() == 4
                && s.size(1) == kernel.shape().size(0) && s.size(2) == kernel.shape().size(1);
    }

    /**
     * oneDNN runs a convolution with one output position far below its MatMul rate: the benchmark ConvNet's
     * last layer took 12.8 ms a step as a convolution (forward and both gradients), 3.3 ms as a product.
     * NHWC flattens in the HWIO kernel's order.
     */
    private Operand<TFloat32> wholeInputRelu(Operand<TFloat32> x) {
        Shape hwio = kernel.shape();
        long patch = hwio.size(0) * hwio.size(1) * hwio.size(2);
        long out = hwio.size(3);
        Operand<TFloat32> rows = tf.reshape(x, tf.constant(new long[] {-1, patch}));
        Operand<TFloat32> y = FusedBiasRelu.matMul(tf, rows, tf.reshape(kernel(), tf.constant(new long[] {patch, out})), bias.read());
        return tf.reshape(y, tf.constant(new long[] {-1, 1, 1, out}));
    }

    private Operand<TFloat32> kernel() {
        return normalized ? NormalizedConv2d.demodulate(tf, kernel.read()) : kernel.read();
    }

    /** Output side length for an input side length, as TensorFlow computes it. */
    public static int outputSize(int input, int kernelSize, int stride, Padding padding) {
        return padding == Padding.SAME ? (input + stride - 1) / stride : (input - kernelSize) / stride + 1;
    }
}
