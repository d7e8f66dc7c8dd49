package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** {@link Encoder#pooled}: the top conv map averaged over positions, for inputs of any size, sharing the built encoder's weights. */
class PooledFeaturesTest {
    private static final int N = 3;
    private static final int C = 2;
    private static final int WIDTH = 4;
    private static final long SEED = 5;

    private static float[] images(int side) {
        Random r = new Random(side);
        float[] v = new float[N * side * side * C];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    /** Each image's flattened NHWC map averaged over its positions. */
    private static float[] meanOverPositions(float[] flat, int positions) {
        float[] out = new float[N * WIDTH];
        for (int n = 0; n < N; n++) {
            for (int p = 0; p < positions; p++) {
                for (int d = 0; d < WIDTH; d++) {
                    out[n * WIDTH + d] += flat[(n * positions + p) * WIDTH + d] / positions;
                }
            }
        }
        return out;
    }

    @Test
    void convNetPoolsItsTopMapAtTheBuiltSize() {
        float[] both = GraphRun.eval(tf -> {
            ConvNet net = new ConvNet(new ParameterStore(tf, SEED), 16, 16, C, WIDTH, 2, Padding.SAME);
            var x = GraphRun.constant(tf, images(16), N, 16, 16, C);
            assertEquals(WIDTH, net.pooledDim());
            return tf.concat(List.of(net.pooled(x), net.encode(x).representation()), tf.constant(1));
        });
        int positions = 16;
        float[] pooled = new float[N * WIDTH];
        float[] flat = new float[N * positions * WIDTH];
        int row = WIDTH + positions * WIDTH;
        for (int n = 0; n < N; n++) {
            System.arraycopy(both, n * row, pooled, n * WIDTH, WIDTH);
            System.arraycopy(both, n * row + WIDTH, flat, n * positions * WIDTH, positions * WIDTH);
        }
        assertArrayEquals(meanOverPositions(flat, positions), pooled, 1e-5f);
    }

    @Test
    void convNetReadsASmallerInputWithTheSameConvolutions() {
        float[] small = images(6);
        float[] pooled = GraphRun.eval(tf -> new ConvNet(new ParameterStore(tf, SEED), 16, 16, C, WIDTH, 2, Padding.SAME)
                .pooled(GraphRun.constant(tf, small, N, 6, 6, C)));
        // A net built for 6x6 with the same seed draws the same convolutions, in the same order, before its dense layer.
        float[] flat = GraphRun.eval(tf -> new ConvNet(new ParameterStore(tf, SEED), 6, 6, C, WIDTH, 2, Padding.SAME)
                .encode(GraphRun.constant(tf, small, N, 6, 6, C)).representation());
        assertEquals(N * WIDTH, pooled.length);
        assertArrayEquals(meanOverPositions(flat, 4), pooled, 1e-5f);
    }

    @Test
    void anInputTooSmallForTheConvolutionsIsRefusedByName() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ConvNet net = new ConvNet(new ParameterStore(tf, SEED), 32, 32, C, WIDTH, 4, Padding.VALID);
            var x = GraphRun.constant(tf, new float[N * 8 * 8 * C], N, 8, 8, C);
            assertEquals("ConvNet: a 8x8 input shrinks to nothing after 3 stride-2 convolutions with VALID padding; use SAME padding or a larger input",
                    assertThrows(IllegalArgumentException.class, () -> net.pooled(x)).getMessage());
        }
    }

    @Test
    void patchEncoderPoolsItsLastConvolution() {
        float[] pooled = GraphRun.eval(tf -> {
            PatchEncoder enc = new PatchEncoder(new ParameterStore(tf, SEED), 16, 16, C, 2, 8, PatchEncoder.Norm.LAYER);
            assertEquals(8, enc.pooledDim());
            return enc.pooled(GraphRun.constant(tf, images(5), N, 5, 5, C));
        });
        assertEquals(N * 8, pooled.length);
    }
}
