package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class NtXentLossTest {
    private static float value(float[][] z1, float[][] z2, double t) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> loss = new NtXentLoss(t).build(tf, tf.constant(z1), tf.constant(z2));
            try (Session s = new Session(g); var r = s.runner().fetch(loss).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }
    }

    @Test
    void orthonormalPairsByHand() {
        // z = (e1, e2, e1, e2), t = 1. Anchor e1 sees its positive at cosine 1 and two
        // negatives at cosine 0: l = -log(e / (e + 2)) = log(1 + 2 / e); all four anchors alike.
        float[][] z = {{1, 0}, {0, 1}};
        assertEquals(Math.log(1 + 2 / Math.E), value(z, z, 1.0), 1e-6);
    }

    @Test
    void scaleInvariantAndTemperature() {
        // Same pairs scaled by 3 (cosine ignores length), t = 0.5: l = log(1 + 2 e^{-2}).
        float[][] a = {{3, 0}, {0, 3}};
        float[][] b = {{1, 0}, {0, 1}};
        assertEquals(Math.log(1 + 2 * Math.exp(-2)), value(a, b, 0.5), 1e-6);
    }

    @Test
    void matchesDoublePrecisionReference() {
        Random random = new Random(5);
        int n = 4;
        int d = 3;
        float[][] z1 = new float[n][d];
        float[][] z2 = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z1[i][j] = (float) random.nextGaussian();
                z2[i][j] = (float) random.nextGaussian();
            }
        }
        assertEquals(reference(z1, z2, 0.2), value(z1, z2, 0.2), 1e-4);
    }

    /** Eq. 1 of Chen et al., written out independently in double precision. */
    private static double reference(float[][] z1, float[][] z2, double t) {
        int n = z1.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = unit(z1[i]);
            z[n + i] = unit(z2[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int pos = i < n ? i + n : i - n;
            double denom = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    denom += Math.exp(dot(z[i], z[k]) / t);
                }
            }
            total += -Math.log(Math.exp(dot(z[i], z[pos]) / t) / denom);
        }
        return total / (2 * n);
    }

    private static double[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / norm;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        // The loss of (x, x + 0.5): both views are functions of x, so both paths of the gradient are checked.
        GradientCheck.check(Shape.of(6, 4), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> loss = new NtXentLoss(0.5).build(tf, x, tf.math.add(tf.math.mul(x, x), tf.constant(0.5f)));
            return tf.reshape(loss, tf.constant(new int[] {1}));
        }, 2e-2);
    }

    @Test
    void rejectsNonPositiveTemperature() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(-0.1));
        assertEquals("ntXent.temperature must be > 0, got -0.1", e.getMessage());
    }
}
