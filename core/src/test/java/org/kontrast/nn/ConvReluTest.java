package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Conv2d.applyRelu and relu(apply) against TensorFlow's own convolution of the same weights, for known and unknown
 * input sizes: up to {@link Conv2d#GATHER_MAX_OUTPUT_POSITIONS} output positions as gathered patches times the
 * kernel, else up to {@link Conv2d#PATCH_MATMUL_MAX_CHANNELS} input channels as one-hot patches times the kernel,
 * else one fused convolution, whose filter gradient is the patch matrix times the output's gradient where that matrix
 * stays within {@link FusedBiasRelu#PATCH_GRADIENT_MAX_EXPANSION} times the input.
 */
class ConvReluTest {
    /**
     * applyRelu, relu(apply) and relu(conv2d + bias) of one layer on one input fed through a placeholder of the given
     * (possibly unknown) shape.
     */
    private static float[][] fusedAndPlain(int channels, int stride, Padding padding, Shape placeholder, long... dims) {
        float[] x = GraphRun.gaussian(Shape.of(dims).size(), 5);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 7);
            Conv2d conv = new Conv2d(store, "c", channels, 6, 3, stride, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(placeholder));
            Operand<TFloat32> fused = conv.applyRelu(in);
            Operand<TFloat32> plain = tf.nn.relu(conv.apply(in));
            Operand<TFloat32> reference = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(in, store.get("c_kernel").read(),
                    List.of(1L, (long) stride, (long) stride, 1L), padding.name()), store.get("c_bias").read()));
            // A bias away from zero puts some outputs on each side of the ReLU's kink.
            s.runner().addTarget(tf.assign(store.get("c_bias").variable(), tf.constant(new float[] {0.3f, -0.3f, 0.1f, -0.1f, 0.5f, -0.5f}))).run();
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(x, true, false));
                 Result r = s.runner().feed(in, t).fetch(fused).fetch(plain).fetch(reference).run()) {
                assertEquals(r.get(2).shape(), r.get(0).shape());
                assertEquals(r.get(2).shape(), r.get(1).shape());
                return new float[][] {GraphRun.floats(r.get(0)), GraphRun.floats(r.get(1)), GraphRun.floats(r.get(2))};
            }
        }
    }

    /** The op types applyRelu adds to a graph that holds only the layer and its input. */
    private static Set<String> opTypes(int channels, Padding padding, Shape placeholder) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Conv2d conv = new Conv2d(new ParameterStore(tf, 7), "c", channels, 6, 3, 2, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(placeholder));
            return GraphRun.opTypesAdded(g, () -> conv.applyRelu(in));
        }
    }

    private static void assertSame(float[][] out) {
        assertArrayEquals(out[2], out[0], 1e-5f, "applyRelu");
        assertArrayEquals(out[2], out[1], 1e-5f, "relu(apply)");
        int zeros = 0;
        for (float v : out[2]) {
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < out[2].length, "the check wants outputs on both sides of the ReLU, got " + zeros + " zeros");
    }

    @Test
    void matchesWithSamePaddingAndStride2() {
        assertSame(fusedAndPlain(3, 2, Padding.SAME, Shape.of(2, 11, 11, 3), 2, 11, 11, 3));
    }

    @Test
    void matchesWithValidPadding() {
        assertSame(fusedAndPlain(1, 1, Padding.VALID, Shape.of(2, 9, 8, 1), 2, 9, 8, 1));
    }

    @Test
    void takesInputsOfUnknownSize() {
        assertSame(fusedAndPlain(3, 2, Padding.SAME, Shape.of(-1, -1, -1, 3), 3, 9, 6, 3));
    }

    @Test
    void matchesWithUnknownBatchOnFiveChannels() {
        assertSame(fusedAndPlain(5, 2, Padding.SAME, Shape.of(-1, 10, 10, 5), 2, 10, 10, 5));
    }

    /** 8 SAME at stride 2 pads one row and column after; 7 pads one on each side; 4 at stride 1 two. */
    @Test
    void matchesOnSmallOutputMaps() {
        assertSame(fusedAndPlain(5, 2, Padding.SAME, Shape.of(-1, 8, 8, 5), 3, 8, 8, 5));
        assertSame(fusedAndPlain(3, 2, Padding.SAME, Shape.of(2, 7, 7, 3), 2, 7, 7, 3));
        assertSame(fusedAndPlain(5, 1, Padding.SAME, Shape.of(-1, 4, 4, 5), 2, 4, 4, 5));
        assertSame(fusedAndPlain(5, 2, Padding.VALID, Shape.of(-1, 7, 9, 5), 3, 7, 9, 5));
    }

    @Test
    void matchesWhenTheKernelCoversTheInput() {
        assertSame(fusedAndPlain(5, 2, Padding.VALID, Shape.of(-1, 3, 3, 5), 4, 3, 3, 5));
    }

    @Test
    void anInputSmallerThanAValidKernelFailsAsTheConvolutionDoes() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Conv2d conv = new Conv2d(new ParameterStore(tf, 7), "c", 5, 6, 3, 1, Padding.VALID, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2, 2, 5)));
            Exception e = assertThrows(Exception.class, () -> conv.applyRelu(in));
            assertTrue(e.getMessage().contains("Negative dimension size"), e.getMessage());
        }
    }

    @Test
    void picksTheProductOrTheConvolutionByShape() {
        Set<String> covered = opTypes(5, Padding.VALID, Shape.of(-1, 3, 3, 5));
        assertTrue(covered.contains("_FusedMatMul") && !covered.contains("GatherV2") && !covered.contains("Conv2D"), covered.toString());
        Set<String> small = opTypes(5, Padding.SAME, Shape.of(-1, 8, 8, 5));
        assertTrue(small.contains("_FusedMatMul") && small.contains("GatherV2") && small.contains("PadV2"), small.toString());
        Set<String> rgb = opTypes(3, Padding.SAME, Shape.of(-1, 12, 12, 3));
        assertTrue(rgb.contains("_FusedMatMul") && rgb.contains("Conv2D") && !rgb.contains("GatherV2"), rgb.toString());
        Set<String> wide = opTypes(5, Padding.SAME, Shape.of(-1, 10, 10, 5));
        assertTrue(wide.contains("_FusedConv2D") && !wide.contains("_FusedMatMul"), wide.toString());
    }

    /**
     * The kernel and bias gradients of sum(applyRelu(x) * r) and of the same sum over relu(conv2d + bias), on an
     * input of unknown batch: {patches path, TensorFlow's}.
     */
    private static float[][][] kernelGradients(int stride, Padding padding, long... dims) {
        float[] x = GraphRun.gaussian(Shape.of(dims).size(), 5);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 7);
            Conv2d conv = new Conv2d(store, "c", (int) dims[3], 6, 3, stride, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dims[1], dims[2], dims[3])));
            Operand<TFloat32> kernel = store.get("c_kernel").read();
            Operand<TFloat32> bias = store.get("c_bias").read();
            Operand<TFloat32> fused = conv.applyRelu(in);
            Operand<TFloat32> reference = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(in, kernel,
                    List.of(1L, (long) stride, (long) stride, 1L), padding.name()), bias));
            long[] outDims = {dims[0], fused.shape().size(1), fused.shape().size(2), 6};
            Operand<TFloat32> r = GraphRun.constant(tf, GraphRun.gaussian(Shape.of(outDims).size(), 11), outDims);
            Output<?>[] viaPatches = g.addGradients(tf.reduceSum(tf.math.mul(fused, r), tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                    new Output<?>[] {kernel.asOutput(), bias.asOutput()});
            Output<?>[] viaConv = g.addGradients(tf.reduceSum(tf.math.mul(reference, r), tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                    new Output<?>[] {kernel.asOutput(), bias.asOutput()});
            s.runner().addTarget(tf.assign(store.get("c_bias").variable(), tf.constant(new float[] {0.3f, -0.3f, 0.1f, -0.1f, 0.5f, -0.5f}))).run();
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(x, true, false));
                 Result out = s.runner().feed(in, t).fetch(viaPatches[0]).fetch(viaPatches[1]).fetch(viaConv[0]).fetch(viaConv[1]).run()) {
                return new float[][][] {
                        {GraphRun.floats(out.get(0)), GraphRun.floats(out.get(1))},
                        {GraphRun.floats(out.get(2)), GraphRun.floats(out.get(3))}};
            }
        }
    }

    /** The op types the gradient of one fused layer adds, for an input of unknown batch. */
    private static Set<String> gradientOpTypes(int stride, Padding padding, long... dims) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 7);
            Conv2d conv = new Conv2d(store, "c", (int) dims[3], 6, 3, stride, padding, true, Initializer.GLOROT_UNIFORM);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dims[1], dims[2], dims[3])));
            Operand<TFloat32> loss = tf.reduceSum(conv.applyRelu(in), tf.constant(new int[] {0, 1, 2, 3}));
            assertTrue(GraphRun.opTypes(g).contains("_FusedConv2D"), "the layer is one fused convolution");
            return GraphRun.opTypesAdded(g, () -> g.addGradients(loss.asOutput(), new Output<?>[] {store.get("c_kernel").read().asOutput()}));
        }
    }

    private static void assertSameStride2Gradients(Padding padding, long... dims) {
        float[][][] grads = kernelGradients(2, padding, dims);
        assertArrayEquals(grads[1][0], grads[0][0], 1e-4f, "kernel gradient " + padding);
        assertArrayEquals(grads[1][1], grads[0][1], 1e-4f, "bias gradient " + padding);
    }

    @Test
    void filterGradientFromPatchesMatchesTheConvolutions() {
        // 11x11 SAME at stride 2 pads one row and column on each side; 15x15 VALID is the benchmark's second layer.
        assertSameStride2Gradients(Padding.SAME, 3, 11, 11, 5);
        assertSameStride2Gradients(Padding.VALID, 2, 15, 15, 8);
    }

    @Test
    void filterGradientTakesPatchesUpToTheirExpansionLimit() {
        Set<String> strided = gradientOpTypes(2, Padding.VALID, 2, 15, 15, 8);
        assertTrue(strided.contains("GatherV2") && !strided.contains("Conv2DBackpropFilter"), strided.toString());
        // At stride 1 the patches are 9 times the input: oneDNN's gradient keeps memory at the input's size.
        Set<String> dense = gradientOpTypes(1, Padding.SAME, 2, 10, 10, 8);
        assertTrue(dense.contains("Conv2DBackpropFilter") && !dense.contains("GatherV2"), dense.toString());
    }
}
