package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** GroupNorm's values against a double-precision normalisation written here, per sample and group of channels. */
class GroupNormTest {
    private static final int N = 2;
    private static final int H = 3;
    private static final int W = 2;
    private static final int C = 4;

    private static float[] input(float offset) {
        Random r = new Random(3);
        float[] x = new float[N * H * W * C];
        for (int i = 0; i < x.length; i++) {
            x[i] = offset + (float) r.nextGaussian() * (1 + i % C);
        }
        return x;
    }

    private static float[] expected(float[] x, int groups) {
        int per = C / groups;
        float[] y = new float[x.length];
        for (int n = 0; n < N; n++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                double count = H * W * per;
                for (int p = 0; p < H * W; p++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        sum += x[(n * H * W + p) * C + c];
                    }
                }
                double mean = sum / count;
                double sq = 0;
                for (int p = 0; p < H * W; p++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        double d = x[(n * H * W + p) * C + c] - mean;
                        sq += d * d;
                    }
                }
                double inv = 1 / Math.sqrt(sq / count + GroupNorm.EPSILON);
                for (int p = 0; p < H * W; p++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        int i = (n * H * W + p) * C + c;
                        y[i] = (float) ((x[i] - mean) * inv);
                    }
                }
            }
        }
        return y;
    }

    @Test
    void normalisesEachSampleOverAllChannelsAndOverEachGroup() {
        float[] x = input(3f);
        for (int groups : new int[] {1, 2, 4}) {
            float[] y = GraphRun.eval(tf -> new GroupNorm(new ParameterStore(tf, 1), "g", C, groups).apply(GraphRun.constant(tf, x, N, H, W, C)));
            assertArrayEquals(expected(x, groups), y, 1e-4f, "groups=" + groups);
        }
    }

    /** An offset of hundreds of deviations: a variance taken as E[x^2] - mean^2 in float32 would be off by percents. */
    @Test
    void staysExactFarFromZero() {
        float[] x = input(1000f);
        float[] y = GraphRun.eval(tf -> new GroupNorm(new ParameterStore(tf, 1), "g", C, 2).apply(GraphRun.constant(tf, x, N, H, W, C)));
        assertArrayEquals(expected(x, 2), y, 1e-3f);
    }

    @Test
    void scalesAndShiftsEachChannel() {
        float[] x = input(3f);
        float[] gamma = {0.5f, -1f, 2f, 1.5f};
        float[] beta = {0.1f, 0.2f, -0.3f, 0f};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 1);
            Operand<TFloat32> y = new GroupNorm(store, "g", C, 2).apply(GraphRun.constant(tf, x, N, H, W, C));
            s.runner().addTarget(tf.assign(store.get("g_gamma").variable(), tf.constant(gamma)))
                    .addTarget(tf.assign(store.get("g_beta").variable(), tf.constant(beta))).run();
            float[] normed = expected(x, 2);
            float[] want = new float[normed.length];
            for (int i = 0; i < want.length; i++) {
                want[i] = normed[i] * gamma[i % C] + beta[i % C];
            }
            try (Result r = s.runner().fetch(y).run()) {
                assertArrayEquals(want, GraphRun.floats(r.get(0)), 1e-4f);
            }
        }
    }
}
