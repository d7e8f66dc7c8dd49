package org.kontrast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EvalTest {
    @Test
    void lbfgsFindsTheMinimumOfAQuadratic() {
        // f(x) = sum_i (i + 1) (x_i - i)^2, minimum at x_i = i.
        Lbfgs.Result r = Lbfgs.minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - i;
                f += (i + 1) * d * d;
                g[i] = 2 * (i + 1) * d;
            }
            return f;
        }, new double[5], 100, 1e-8, 0);
        assertTrue(r.converged());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, r.x(), 1e-6);
    }

    /** Two Gaussian classes in 5-d, separated along the first axis. */
    private static Object[] blobs(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * 5];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) (random.nextGaussian() + (j == 0 ? 6 * y[i] - 3 : 0));
            }
        }
        return new Object[] {new Features(x, n, 5), y};
    }

    @Test
    void linearProbeSeparatesSeparableClasses() {
        Object[] train = blobs(400, 1);
        Object[] test = blobs(200, 2);
        LinearProbe.Result r = new LinearProbe(new double[] {1e-4, 1e-2}, 200, 1)
                .evaluate((Features) train[0], (int[]) train[1], (Features) test[0], (int[]) test[1], 2);
        assertTrue(r.testAccuracy() > 0.99, "accuracy " + r.testAccuracy());
    }

    @Test
    void knnVotesWithSimilarityWeights() {
        // Train: two near (1, 0) with label 0, one at (0, 1) with label 1. With k = 3 and a small
        // temperature, the query (0.1, 1) is nearest to label 1 and its weight exp(s / t) dominates.
        Features train = new Features(new float[] {1, 0, 0.9f, 0.1f, 0, 1}, 3, 2);
        Features test = new Features(new float[] {0.1f, 1, 1, 0.05f}, 2, 2);
        int[] predicted = new KnnClassifier(3, 0.1, 1).predict(train, new int[] {0, 0, 1}, test, 2);
        assertArrayEquals(new int[] {1, 0}, predicted);
        // With a very high temperature the weights are equal and the majority (label 0) wins.
        assertEquals(0, new KnnClassifier(3, 1000, 1).predict(train, new int[] {0, 0, 1}, test, 2)[0]);
    }

    @Test
    void standardizerCentresAndScales() {
        Features f = new Features(new float[] {1, 10, 3, 10}, 2, 2);
        Features s = Standardizer.fit(f).apply(f);
        assertArrayEquals(new float[] {-1, 0, 1, 0}, s.data(), 1e-6f);
    }
}
