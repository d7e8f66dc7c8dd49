package org.kontrast.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * A stride-1 SAME convolution whose kernel rows below the centre are zeroed, so
 * output row r depends on input rows at or above r only: the vertical causal mask
 * of PixelCNN (van den Oord et al., "Conditional Image Generation with PixelCNN
 * Decoders", NeurIPS 2016), as CPC's image context network uses it. The centre row
 * is kept whole: CPC's context may see the whole current row, never a lower one.
 */
public final class MaskedConv2d implements Layer {
    private final Ops tf;
    private final Parameter kernel;
    private final Parameter bias;
    private final Operand<TFloat32> mask;
    private final Precision precision;

    public MaskedConv2d(ParameterStore store, String name, int in, int out, int kernelSize) {
        if (in < 1 || out < 1 || kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("MaskedConv2d " + name + ": channels must be >= 1 and the kernel size odd, got in="
                    + in + " out=" + out + " kernel=" + kernelSize);
        }
        this.tf = store.tf();
        this.precision = store.precision();
        int rowsKept = kernelSize / 2 + 1;
        int fanIn = in * kernelSize * rowsKept;
        int fanOut = out * kernelSize * rowsKept;
        this.kernel = store.trainable(name + "_kernel", Shape.of(kernelSize, kernelSize, in, out), Initializer.GLOROT_UNIFORM,
                fanIn, fanOut, true);
        this.bias = store.trainable(name + "_bias", Shape.of(out), Initializer.ZEROS, fanIn, fanOut, false);
        float[] m = new float[kernelSize * kernelSize * in * out];
        int perRow = kernelSize * in * out;
        java.util.Arrays.fill(m, 0, rowsKept * perRow, 1f);
        this.mask = tf.constant(Shape.of(kernelSize, kernelSize, in, out), org.tensorflow.ndarray.buffer.DataBuffers.of(m));
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> masked = tf.math.mul(kernel.read(), mask);
        Operand<TFloat32> y = precision.run(tf, x, masked, new Precision.BinaryOp() {
            @Override
            public <T extends TNumber> Operand<T> apply(Operand<T> a, Operand<T> b) {
                return tf.nn.conv2d(a, b, List.of(1L, 1L, 1L, 1L), Padding.SAME.name());
            }
        });
        return tf.nn.biasAdd(y, bias.read());
    }
}
