package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
 * Winograd's F(4x4, 3x3) against TensorFlow's own convolution of the same kernel: values and both gradients, for
 * maps that fill their tiles and maps that are cropped from them, SAME and VALID, known and unknown batch; and which
 * layers {@link Conv2d} sends to it.
 */
class WinogradTest {
    /** Largest |a - b| over the largest |b|: float32 transforms lose a few units in the fifth digit. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 0, what + " is all zeros");
        assertTrue(worst <= 2e-5 * scale, what + ": largest difference " + worst + " on values up to " + scale);
    }

    /** Output, input gradient and kernel gradient of sum(y * R), by Winograd and by conv2d, on an NHWC input. */
    private static void check(Padding padding, Shape placeholder, long n, long h, long w, long in, long out) {
        Shape xShape = Shape.of(n, h, w, in);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(placeholder));
            Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(GraphRun.gaussian(9 * in * out, 2), true, false));
            Operand<TFloat32> winograd = Winograd.conv3x3(tf, x, kernel, padding);
            Operand<TFloat32> conv = tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), padding.name());
            long outH = Conv2d.outputSize((int) h, 3, 1, padding);
            long outW = Conv2d.outputSize((int) w, 3, 1, padding);
            Operand<TFloat32> weights = tf.constant(Shape.of(n, outH, outW, out), DataBuffers.of(GraphRun.gaussian(n * outH * outW * out, 3), true, false));
            Output<?>[] gw = g.addGradients(tf.reduceSum(tf.math.mul(winograd, weights), tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                    new Output<?>[] {x.asOutput(), kernel.asOutput()});
            Output<?>[] gc = g.addGradients(tf.reduceSum(tf.math.mul(conv, weights), tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                    new Output<?>[] {x.asOutput(), kernel.asOutput()});
            try (TFloat32 t = TFloat32.tensorOf(xShape, DataBuffers.of(GraphRun.gaussian(xShape.size(), 1), true, false));
                 Result r = s.runner().feed(x, t).fetch(conv).fetch(winograd).fetch(gc[0]).fetch(gw[0]).fetch(gc[1]).fetch(gw[1]).run()) {
                assertEquals(r.get(0).shape(), r.get(1).shape());
                assertClose(GraphRun.floats(r.get(0)), GraphRun.floats(r.get(1)), "output");
                assertClose(GraphRun.floats(r.get(2)), GraphRun.floats(r.get(3)), "input gradient");
                assertClose(GraphRun.floats(r.get(4)), GraphRun.floats(r.get(5)), "kernel gradient");
            }
        }
    }

    @Test
    void matchesTheConvolutionOnWholeTiles() {
        check(Padding.SAME, Shape.of(2, 8, 8, 3), 2, 8, 8, 3, 5);
    }

    /** 7x9 SAME needs 2x3 tiles and drops a row and three columns of the last ones. */
    @Test
    void matchesTheConvolutionOnCroppedTiles() {
        check(Padding.SAME, Shape.of(2, 7, 9, 4), 2, 7, 9, 4, 3);
    }

    @Test
    void matchesTheConvolutionWithValidPadding() {
        check(Padding.VALID, Shape.of(3, 10, 6, 2), 3, 10, 6, 2, 4);
    }

    /** ResNet-18's last stage: a 4x4 map is one tile. */
    @Test
    void matchesTheConvolutionOnOneTileWithUnknownBatch() {
        check(Padding.SAME, Shape.of(-1, 4, 4, 6), 3, 4, 4, 6, 6);
    }

    /** Conv2d with a bias on the Winograd path, against conv2d plus the same bias. */
    @Test
    void conv2dAddsItsBias() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 7);
            Conv2d layer = new Conv2d(store, "c", 128, 128, 3, 1, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
            Operand<TFloat32> x = tf.constant(Shape.of(2, 5, 6, 128), DataBuffers.of(GraphRun.gaussian(2 * 5 * 6 * 128, 4), true, false));
            Operand<TFloat32> y = layer.apply(x);
            Operand<TFloat32> reference = tf.nn.biasAdd(tf.nn.conv2d(x, store.get("c_kernel").read(), List.of(1L, 1L, 1L, 1L), "SAME"),
                    store.get("c_bias").read());
            s.runner().addTarget(tf.assign(store.get("c_bias").variable(), tf.constant(GraphRun.gaussian(128, 5)))).run();
            try (Result r = s.runner().fetch(reference).fetch(y).run()) {
                assertClose(GraphRun.floats(r.get(0)), GraphRun.floats(r.get(1)), "Conv2d output");
            }
            assertTrue(GraphRun.opTypes(g).contains("BatchMatMulV3"), GraphRun.opTypes(g).toString());
        }
    }

    private static boolean picksWinograd(int channels, int stride, Shape input) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Conv2d layer = new Conv2d(new ParameterStore(tf, 7), "c", channels, channels, 3, stride, Padding.SAME, false,
                    Initializer.HE_NORMAL_FAN_OUT);
            layer.apply(tf.placeholder(TFloat32.class, Placeholder.shape(input)));
            return GraphRun.opTypes(g).contains("BatchMatMulV3");
        }
    }

    @Test
    void conv2dPicksWinogradByShape() {
        assertTrue(picksWinograd(128, 1, Shape.of(-1, 8, 8, 128)));
        assertTrue(!picksWinograd(128, 2, Shape.of(-1, 8, 8, 128)), "stride 2");
        assertTrue(!picksWinograd(128, 1, Shape.of(-1, 3, 3, 128)), "a map smaller than one tile");
        assertTrue(!picksWinograd(128, 1, Shape.of(-1, -1, -1, 128)), "an unknown map size");
        assertTrue(!picksWinograd(64, 1, Shape.of(-1, 32, 32, 64)), "64 channels, unknown batch");
        assertTrue(!picksWinograd(64, 1, Shape.of(31, 32, 32, 64)), "64 channels on fewer than 2^15 positions");
        assertTrue(picksWinograd(64, 1, Shape.of(32, 32, 32, 64)), "64 channels on 2^15 positions");
        assertTrue(!picksWinograd(32, 1, Shape.of(512, 32, 32, 32)), "32 channels");
    }
}
