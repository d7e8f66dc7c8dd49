package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.ImageShape;
import org.kontrast.method.EncoderFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class NormalizedConv2dTest {
    private static float[] run(Graph g, Operand<TFloat32> x) {
        try (Session s = new Session(g)) {
            s.initialize();
            try (var r = s.runner().fetch(x).run()) {
                return GraphRun.floats(r.get(0));
            }
        }
    }

    @Test
    void eachOutputChannelsKernelHasUnitNorm() {
        // A 1x1 kernel from 2 inputs to 2 outputs: columns (3, 4) and (1, 0) become (0.6, 0.8) and (1, 0).
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> k = tf.constant(Shape.of(1, 1, 2, 2), DataBuffers.of(3f, 1f, 4f, 0f));
            float[] d = run(g, NormalizedConv2d.demodulate(tf, k));
            assertEquals(0.6f, d[0], 1e-6f);
            assertEquals(1f, d[1], 1e-6f);
            assertEquals(0.8f, d[2], 1e-6f);
            assertEquals(0f, d[3], 1e-6f);
        }
    }

    @Test
    void unitVarianceInputsKeepUnitVarianceWhateverTheKernelScale() {
        int side = 12;
        int in = 32;
        Random random = new Random(4);
        float[] px = new float[side * side * in * 8];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) random.nextGaussian();
        }
        for (boolean normalized : new boolean[] {true, false}) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                ParameterStore store = new ParameterStore(tf, 5);
                Operand<TFloat32> x = tf.constant(Shape.of(8, side, side, in), DataBuffers.of(px, true, false));
                // Glorot-uniform 3x3x32 kernels: a plain convolution changes the scale, the normalised one keeps it.
                Conv2d conv = normalized
                        ? NormalizedConv2d.within(store, () -> new Conv2d(store, "c", in, 16, 3, 1, Padding.VALID, false, Initializer.GLOROT_UNIFORM))
                        : new Conv2d(store, "c", in, 16, 3, 1, Padding.VALID, false, Initializer.GLOROT_UNIFORM);
                assertFalse(store.normalizedConvolutions(), "the switch is off again after the scope");
                float[] y = run(g, conv.apply(tf.math.mul(x, tf.constant(1f))));
                double var = 0;
                for (float v : y) {
                    var += v * v;
                }
                var /= y.length;
                if (normalized) {
                    assertEquals(1, var, 0.1, "normalised: unit variance");
                } else {
                    assertTrue(Math.abs(var - 1) > 0.3, "a plain Glorot conv changes the scale, or the test shows nothing: " + var);
                }
            }
        }
    }

    @Test
    void everyConvolutionOfAnEncoderIsNormalisedAndGradientsCheck() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 5);
            Encoder plain = EncoderFactory.convNet(4, 2, Padding.SAME).create(store, new ImageShape(8, 8, 1));
            ParameterStore other = new ParameterStore(tf, 5);
            Encoder normed = EncoderFactory.normalized(EncoderFactory.convNet(4, 2, Padding.SAME)).create(other, new ImageShape(8, 8, 1));
            Operand<TFloat32> x = tf.math.mul(tf.ones(tf.constant(new int[] {1, 8, 8, 1}), TFloat32.class), tf.constant(1f));
            float[] a = run(g, plain.encode(x).representation());
            float[] b = run(g, normed.encode(x).representation());
            assertFalse(java.util.Arrays.equals(a, b), "same seeds, same weights: only the normalisation differs");
        }
        GradientCheck.check(Shape.of(2, 5, 5, 3), s -> {
            Conv2d c = NormalizedConv2d.within(s, () -> new Conv2d(s, "c", 3, 4, 3, 1, Padding.SAME, true, Initializer.GLOROT_UNIFORM));
            return c::apply;
        }, 2e-2);
    }
}
