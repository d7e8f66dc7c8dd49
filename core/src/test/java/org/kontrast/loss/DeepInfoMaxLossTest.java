package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kontrast.loss.DeepInfoMaxLoss.Estimator;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DeepInfoMaxLossTest {
    private static final int N = 3;
    private static final int L = 4;
    private static final int D = 2;

    private static float dim(Estimator e, float[][] global, float[][] localRows) {
        return Reference.value((tf, x) -> new DeepInfoMaxLoss(e).build(tf, x[0], tf.reshape(x[1], tf.constant(new int[] {N, L, D}))),
                global, localRows);
    }

    /** u[i][j][l] = g_i . m_(j, l), in double. */
    private static double[][][] scores(float[][] g, float[][] m) {
        double[][][] u = new double[N][N][L];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int l = 0; l < L; l++) {
                    for (int k = 0; k < D; k++) {
                        u[i][j][l] += (double) g[i][k] * m[j * L + l][k];
                    }
                }
            }
        }
        return u;
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void jsdMatchesThePapersExpectations() {
        float[][] g = Reference.gaussian(N, D, 1);
        float[][] m = Reference.gaussian(N * L, D, 2);
        double[][][] u = scores(g, m);
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int l = 0; l < L; l++) {
                    if (i == j) {
                        pos += Math.log(2) - softplus(-u[i][j][l]);
                    } else {
                        neg += softplus(-u[i][j][l]) + u[i][j][l] - Math.log(2);
                    }
                }
            }
        }
        double expected = neg / (N * (N - 1) * L) - pos / (N * L);
        assertEquals(expected, dim(Estimator.JSD, g, m), 1e-5);
    }

    @Test
    void infoNceMatchesASoftmaxOverOtherImagesLocations() {
        float[][] g = Reference.gaussian(N, D, 3);
        float[][] m = Reference.gaussian(N * L, D, 4);
        double[][][] u = scores(g, m);
        double total = 0;
        for (int i = 0; i < N; i++) {
            for (int l = 0; l < L; l++) {
                double denom = Math.exp(u[i][i][l]);
                for (int j = 0; j < N; j++) {
                    for (int k = 0; j != i && k < L; k++) {
                        denom += Math.exp(u[i][j][k]);
                    }
                }
                total -= u[i][i][l] - Math.log(denom);
            }
        }
        assertEquals(total / (N * L), dim(Estimator.INFO_NCE, g, m), 1e-5);
    }

    @Test
    void perfectlySeparatedScoresGiveTheBoundsByHand() {
        // Two images, one location, d = 1: g = (10, -10), m = (1, -1) gives u = [[10, -10], [-10, 10]].
        // JSD: E_pos = log 2 - softplus(-10), E_neg = softplus(10) - 10 - log 2, so the loss is near -2 log 2.
        float[][] g = {{10}, {-10}};
        float[][] m = {{1}, {-1}};
        float jsd = Reference.value((tf, x) -> new DeepInfoMaxLoss(Estimator.JSD).build(tf, x[0], tf.reshape(x[1], tf.constant(new int[] {2, 1, 1}))), g, m);
        assertEquals((softplus(10) - 10 - Math.log(2)) - (Math.log(2) - softplus(-10)), jsd, 1e-5);
        // InfoNCE: -log(e^10 / (e^10 + e^-10)) = softplus(-20).
        float nce = Reference.value((tf, x) -> new DeepInfoMaxLoss(Estimator.INFO_NCE).build(tf, x[0], tf.reshape(x[1], tf.constant(new int[] {2, 1, 1}))), g, m);
        assertEquals(softplus(-20), nce, 1e-7);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        float[][] m = Reference.gaussian(N * L, D, 5);
        for (Estimator e : Estimator.values()) {
            GradientCheck.check(Shape.of(N, D), s -> x -> {
                Ops tf = s.tf();
                Operand<TFloat32> l = new DeepInfoMaxLoss(e).build(tf, x, tf.reshape(tf.constant(m), tf.constant(new int[] {N, L, D})));
                return tf.reshape(l, tf.constant(new int[] {1}));
            }, 2e-2);
        }
    }

    @Test
    void estimatorsAreNamedAsInRecipes() {
        assertEquals(Estimator.INFO_NCE, Estimator.of("infoNce"));
        assertEquals("unknown DIM estimator \"mine\" (known: jsd, infoNce)",
                assertThrows(IllegalArgumentException.class, () -> Estimator.of("mine")).getMessage());
    }
}
