package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Conv2d.applyRelu against relu(apply) from the same weights, for known and unknown input sizes: up to
 * {@link Conv2d#PATCH_MATMUL_MAX_CHANNELS} input channels as patches times the kernel, above as one fused convolution,
 * and a VALID kernel as large as its input as one product.
 */
class ConvReluTest {
    private static float[] input(int n) {
        Random r = new Random(5);
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Both outputs of one layer on one input fed through a placeholder of the given (possibly unknown) shape. */
    private static float[][] fusedAndPlain(int channels, int stride, Padding padding, Shape placeholder, long... dims) {
        float[] x = input((int) Shape.of(dims).size());
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 7);
            Conv2d conv = new Conv2d(store, "c", channels, 6, 3, stride, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(placeholder));
            Operand<TFloat32> fused = conv.applyRelu(in);
            Operand<TFloat32> plain = tf.nn.relu(conv.apply(in));
            // A bias away from zero puts some outputs on each side of the ReLU's kink.
            s.runner().addTarget(tf.assign(store.get("c_bias").variable(), tf.constant(new float[] {0.3f, -0.3f, 0.1f, -0.1f, 0.5f, -0.5f}))).run();
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(x, true, false));
                 Result r = s.runner().feed(in, t).fetch(fused).fetch(plain).run()) {
                assertEquals(r.get(1).shape(), r.get(0).shape());
                return new float[][] {read((TFloat32) r.get(0)), read((TFloat32) r.get(1))};
            }
        }
    }

    /** The op types applyRelu adds to a graph that holds only the layer and its input. */
    private static Set<String> opTypes(int channels, Padding padding, Shape placeholder) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Conv2d conv = new Conv2d(new ParameterStore(tf, 7), "c", channels, 6, 3, 2, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(placeholder));
            Set<String> before = new HashSet<>();
            g.operations().forEachRemaining(op -> before.add(op.name()));
            conv.applyRelu(in);
            Set<String> types = new HashSet<>();
            g.operations().forEachRemaining(op -> {
                if (!before.contains(op.name())) {
                    types.add(op.type());
                }
            });
            return types;
        }
    }

    private static float[] read(TFloat32 t) {
        float[] out = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }

    private static void assertSame(float[][] out) {
        assertArrayEquals(out[1], out[0], 1e-5f);
        int zeros = 0;
        for (float v : out[1]) {
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < out[1].length, "the check wants outputs on both sides of the ReLU, got " + zeros + " zeros");
    }

    @Test
    void matchesWithSamePaddingAndStride2() {
        assertSame(fusedAndPlain(3, 2, Padding.SAME, Shape.of(2, 7, 7, 3), 2, 7, 7, 3));
    }

    @Test
    void matchesWithValidPadding() {
        assertSame(fusedAndPlain(1, 1, Padding.VALID, Shape.of(2, 6, 5, 1), 2, 6, 5, 1));
    }

    @Test
    void takesInputsOfUnknownSize() {
        assertSame(fusedAndPlain(3, 2, Padding.SAME, Shape.of(-1, -1, -1, 3), 3, 9, 6, 3));
    }

    @Test
    void matchesWhenTheKernelCoversTheInput() {
        assertSame(fusedAndPlain(5, 2, Padding.VALID, Shape.of(-1, 3, 3, 5), 4, 3, 3, 5));
    }

    @Test
    void picksTheProductOrTheConvolutionByShape() {
        Set<String> covered = opTypes(5, Padding.VALID, Shape.of(-1, 3, 3, 5));
        assertTrue(covered.contains("_FusedMatMul") && !covered.contains("Conv2D"), covered.toString());
        Set<String> rgb = opTypes(3, Padding.SAME, Shape.of(-1, 8, 8, 3));
        assertTrue(rgb.contains("_FusedMatMul") && rgb.contains("Conv2D"), rgb.toString());
        Set<String> wide = opTypes(5, Padding.SAME, Shape.of(-1, 8, 8, 5));
        assertTrue(wide.contains("_FusedConv2D") && !wide.contains("_FusedMatMul"), wide.toString());
        Set<String> sameOnKernelSize = opTypes(5, Padding.SAME, Shape.of(-1, 3, 3, 5));
        assertTrue(sameOnKernelSize.contains("_FusedConv2D"), sameOnKernelSize.toString());
    }

    @Test
    void matchesWithUnknownBatchOnFiveChannels() {
        assertSame(fusedAndPlain(5, 2, Padding.SAME, Shape.of(-1, 8, 8, 5), 2, 8, 8, 5));
    }
}
