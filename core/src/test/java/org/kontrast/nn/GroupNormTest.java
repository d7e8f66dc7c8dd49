package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** GroupNorm's values against a double-precision normalisation written here, per sample and group of channels. */
class GroupNormTest {
    private static final int N = 2;
    private static final int H = 3;
    private static final int W = 2;
    private static final int C = 4;

    private static float[] input() {
        Random r = new Random(3);
        float[] x = new float[N * H * W * C];
        for (int i = 0; i < x.length; i++) {
            // An offset of several deviations makes a variance computed carelessly in float32 show.
            x[i] = 3f + (float) r.nextGaussian() * (1 + i % C);
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
        float[] x = input();
        for (int groups : new int[] {1, 2, 4}) {
            float[] y = GraphRun.eval(tf -> new GroupNorm(new ParameterStore(tf, 1), "g", C, groups).apply(GraphRun.constant(tf, x, N, H, W, C)));
            assertArrayEquals(expected(x, groups), y, 1e-4f, "groups=" + groups);
        }
    }
}
