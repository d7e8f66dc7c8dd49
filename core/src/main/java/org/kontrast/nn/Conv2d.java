package org.kontrast.nn;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
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
    /**
     * Up to this many output positions, in float32, a layer gathers its patches and multiplies them by the kernel:
     * oneDNN's convolutions on such small maps run well below its MatMul rate. Forward and both gradients together,
     * paired: 3x3 outputs 0.77 of the convolution's time, 4x4 0.78-0.86, 5x5 0.99, 8x8 1.07.
     */
    public static final int GATHER_MAX_OUTPUT_POSITIONS = 16;
    /**
     * From this many input and output channels, in float32, a 3x3 stride-1 layer runs as Winograd's F(4x4, 3x3)
     * ({@link Winograd}). Forward and both gradients together, paired, on 128 views: 128 channels at 16x16 0.55 of
     * the convolution's time, 256 at 8x8 0.39, 512 at 4x4 0.48; on 16 views at 8x8, 128 channels break even.
     */
    public static final int WINOGRAD_MIN_CHANNELS = 128;
    /**
     * 64 channels gain only where the transforms' fixed costs are spread over enough positions (batch times output
     * height times width, the batch known at graph build): 0.81-0.90 of the convolution's time from 2^15 positions,
     * 1.14-1.16 at 2^13. 32 channels lose (1.39 at 128x32x32).
     */
    public static final int WINOGRAD_NARROW_MIN_CHANNELS = 64;
    public static final long WINOGRAD_NARROW_MIN_POSITIONS = 1L << 15;

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

    /** 3x3 stride-1 layers with many channels run as Winograd's F(4x4, 3x3), small output maps as gathered patches. */
    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> y;
        if (usesWinograd(x)) {
            y = Winograd.conv3x3(tf, x, kernel(), padding);
        } else if (gathersPatches(x)) {
            y = gatheredProduct(x, rows -> tf.linalg.matMul(rows, kernelMatrix()));
        } else {
            y = precision.run(tf, x, kernel(), new Precision.BinaryOp() {
                @Override
                public <T extends TNumber> Operand<T> apply(Operand<T> a, Operand<T> b) {
                    return tf.nn.conv2d(a, b, strides, padding.name());
                }
            });
        }
        return bias == null ? y : tf.nn.biasAdd(y, bias.read());
    }

    /**
     * relu(apply(x)). In float32 with a bias, outside Winograd's layers, it is one fused op whose gradient reads the
     * ReLU's output ({@link FusedBiasRelu}): on a small output map, gathered patches times the kernel; for few input channels,
     * one-hot patches times the kernel; else a convolution. Values agree with apply to rounding; gradients are
     * the same sums in another order.
     */
    public Operand<TFloat32> applyRelu(Operand<TFloat32> x) {
        if (bias == null || precision != Precision.FLOAT32 || usesWinograd(x)) {
            return tf.nn.relu(apply(x));
        }
        if (gathersPatches(x)) {
            return gatheredProduct(x, rows -> FusedBiasRelu.matMul(tf, rows, kernelMatrix(), bias.read()));
        }
        if (kernel.shape().size(2) <= PATCH_MATMUL_MAX_CHANNELS) {
            return patchMatMulRelu(x);
        }
        return FusedBiasRelu.conv2d(tf, x, kernel(), bias.read(), strides, padding.name());
    }

    /** The matrix-product paths build index arrays from the map's size, and only float32 has them. */
    private boolean float32WithKnownMapSize(Shape s) {
        return precision == Precision.FLOAT32 && knownMapSize(s);
    }

    /** Whether an NHWC shape's height and width are known at graph build. */
    static boolean knownMapSize(Shape s) {
        return s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0;
    }

    private boolean usesWinograd(Operand<TFloat32> x) {
        Shape s = x.shape();
        Shape hwio = kernel.shape();
        if (!float32WithKnownMapSize(s)
                || hwio.size(0) != Winograd.KERNEL || hwio.size(1) != Winograd.KERNEL || strides.get(1) != 1) {
            return false;
        }
        int outH = outputSize((int) s.size(1), Winograd.KERNEL, 1, padding);
        int outW = outputSize((int) s.size(2), Winograd.KERNEL, 1, padding);
        // A map smaller than one output tile would spend more multiplies on the tile than the convolution does.
        if (outH < Winograd.TILE || outW < Winograd.TILE) {
            return false;
        }
        long channels = Math.min(hwio.size(2), hwio.size(3));
        return channels >= WINOGRAD_MIN_CHANNELS || channels >= WINOGRAD_NARROW_MIN_CHANNELS && s.size(0) > 0
                && s.size(0) * outH * outW >= WINOGRAD_NARROW_MIN_POSITIONS;
    }

    private boolean gathersPatches(Operand<TFloat32> x) {
        Shape s = x.shape();
        if (!float32WithKnownMapSize(s)) {
            return false;
        }
        int kh = (int) kernel.shape().size(0);
        int kw = (int) kernel.shape().size(1);
        // An input smaller than a VALID kernel has no output: the convolution reports it in TensorFlow's words.
        if (padding == Padding.VALID && (s.size(1) < kh || s.size(2) < kw)) {
            return false;
        }
        int stride = strides.get(1).intValue();
        long positions = (long) outputSize((int) s.size(1), kh, stride, padding) * outputSize((int) s.size(2), kw, stride, padding);
        return positions <= GATHER_MAX_OUTPUT_POSITIONS;
    }

    /** product(patch rows) reshaped to the output map. */
    private Operand<TFloat32> gatheredProduct(Operand<TFloat32> x, UnaryOperator<Operand<TFloat32>> product) {
        Shape hwio = kernel.shape();
        int kh = (int) hwio.size(0);
        int kw = (int) hwio.size(1);
        int stride = strides.get(1).intValue();
        int outH = outputSize((int) x.shape().size(1), kh, stride, padding);
        int outW = outputSize((int) x.shape().size(2), kw, stride, padding);
        Operand<TFloat32> rows = Patches.rows(tf, x, x.shape(), hwio, stride, padding);
        return tf.reshape(product.apply(rows), tf.constant(new long[] {-1, outH, outW, hwio.size(3)}));
    }

    private Operand<TFloat32> kernelMatrix() {
        Shape hwio = kernel.shape();
        return tf.reshape(kernel(), tf.constant(new long[] {hwio.size(0) * hwio.size(1) * hwio.size(2), hwio.size(3)}));
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
        Operand<TFloat32> weights = tf.concat(List.of(kernelMatrix(),
                tf.reshape(bias.read(), tf.constant(new long[] {1, out}))), tf.constant(0));
        Operand<TFloat32> y = FusedBiasRelu.matMul(tf, rows, weights, tf.zeros(tf.constant(new long[] {out}), TFloat32.class));
        Shape s = patches.shape();
        Operand<TInt64> shape = knownMapSize(s)
                ? tf.constant(new long[] {-1, s.size(1), s.size(2), out})
                : tf.concat(List.of(tf.slice(tf.shape(patches, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {3})),
                        tf.constant(new long[] {out})), tf.constant(0));
        return tf.reshape(y, shape);
    }

    private Operand<TFloat32> kernel() {
        return normalized ? NormalizedConv2d.demodulate(tf, kernel.read()) : kernel.read();
    }

    /** The batch size of a map, as a scalar read at run time: it is unknown when the graph is built. */
    static Operand<TInt32> batchSize(Ops tf, Operand<TFloat32> x) {
        return tf.gather(tf.shape(x), tf.constant(0), tf.constant(0));
    }

    /**
     * range(count) * step as a rank-{@code rank} tensor whose only non-unit axis is {@code axis}: the offsets that
     * a gather over a whole batch adds to one image's pixel index.
     */
    static Operand<TInt32> scaledRange(Ops tf, Operand<TInt32> count, Operand<TInt32> step, int axis, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[axis] = -1;
        return tf.reshape(tf.math.mul(tf.range(tf.constant(0), count, tf.constant(1)), step), tf.constant(shape));
    }

    static Operand<TInt32> scaledRange(Ops tf, Operand<TInt32> count, int step, int axis, int rank) {
        return scaledRange(tf, count, tf.constant(step), axis, rank);
    }

    /** Output side length for an input side length, as TensorFlow computes it. */
    public static int outputSize(int input, int kernelSize, int stride, Padding padding) {
        return padding == Padding.SAME ? (input + stride - 1) / stride : (input - kernelSize) / stride + 1;
    }
}
