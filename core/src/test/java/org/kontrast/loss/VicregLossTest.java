package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class VicregLossTest {
    private static double varianceTerm(double[][] z) {
        int n = z.length;
        int d = z[0].length;
        double s = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : z) {
                mean += row[j] / n;
            }
            double var = 0;
            for (double[] row : z) {
                var += (row[j] - mean) * (row[j] - mean) / (n - 1);
            }
            s += Math.max(0, 1 - Math.sqrt(var + VicregLoss.EPSILON)) / d;
        }
        return s;
    }

    private static double covarianceTerm(double[][] z) {
        int n = z.length;
        int d = z[0].length;
        double[] mean = new double[d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double s = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                if (a != b) {
                    double c = 0;
                    for (double[] row : z) {
                        c += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                    }
                    s += c * c / d;
                }
            }
        }
        return s;
    }

    @Test
    void matchesDoublePrecisionReference() {
        float[][] z1 = Reference.gaussian(7, 4, 10);
        float[][] z2 = Reference.gaussian(7, 4, 11);
        double[][] a = Reference.toDouble(z1);
        double[][] b = Reference.toDouble(z2);
        double sim = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                sim += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]) / (a.length * a[0].length);
            }
        }
        double expected = 25 * sim + 25 * (varianceTerm(a) + varianceTerm(b)) / 2 + covarianceTerm(a) + covarianceTerm(b);
        assertEquals(expected, Reference.value((tf, x) -> new VicregLoss(25, 25, 1).build(tf, x[0], x[1]), z1, z2), 1e-3);
    }

    @Test
    void collapsedViewsPayTheFullVarianceHinge() {
        // Every row the same: invariance and covariance are 0, each dimension's std is sqrt(eps): mu x (1 - 0.01).
        float[][] z = {{0.5f, 2}, {0.5f, 2}, {0.5f, 2}};
        assertEquals(25 * (1 - Math.sqrt(VicregLoss.EPSILON)),
                Reference.value((tf, x) -> new VicregLoss(25, 25, 1).build(tf, x[0], x[1]), z, z), 1e-4);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientCheck.check(Shape.of(6, 3), s -> x -> {
            Ops tf = s.tf();
            // Scaled down so every std sits below 1 and the hinge is active on all dimensions.
            Operand<TFloat32> small = tf.math.mul(x, tf.constant(0.3f));
            Operand<TFloat32> l = new VicregLoss(25, 25, 1).build(tf, small, tf.math.add(tf.math.mul(small, small), tf.constant(0.5f)));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2, 1e-3f);
    }
}
