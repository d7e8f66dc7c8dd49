package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class TwistLossTest {
    private static double crossEntropy(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s -= a[k] * Math.log(b[k]);
        }
        return s;
    }

    private static double reference(float[][] z1, float[][] z2) {
        double[][] a = Reference.standardize(z1, Rows.VARIANCE_EPSILON);
        double[][] b = Reference.standardize(z2, Rows.VARIANCE_EPSILON);
        int n = a.length;
        int d = a[0].length;
        double consistency = 0;
        double[] m1 = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < n; i++) {
            double[] p1 = Reference.softmax(a[i]);
            double[] p2 = Reference.softmax(b[i]);
            consistency += (crossEntropy(p1, p2) + crossEntropy(p2, p1)) / (2 * n);
            for (int k = 0; k < d; k++) {
                m1[k] += p1[k] / n;
                m2[k] += p2[k] / n;
            }
        }
        return consistency - (crossEntropy(m1, m1) + crossEntropy(m2, m2)) / 2;
    }

    @Test
    void matchesDoublePrecisionReference() {
        float[][] z1 = Reference.gaussian(6, 4, 8);
        float[][] z2 = Reference.gaussian(6, 4, 9);
        assertEquals(reference(z1, z2), Reference.value((tf, x) -> new TwistLoss().build(tf, x[0], x[1]), z1, z2), 1e-4);
    }

    @Test
    void uniformPredictionsByHand() {
        // Columns (1, -1) and (-1, 1) are already standardised. Row 0 gives p = (q, 1 - q) with q = e / (e + 1/e),
        // row 1 the mirror image; identical views cost their entropy h, and the batch mean is uniform (entropy log 2).
        float[][] z = {{1, -1}, {-1, 1}};
        double p = Math.exp(1) / (Math.exp(1) + Math.exp(-1));
        double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        assertEquals(h - Math.log(2), Reference.value((tf, x) -> new TwistLoss().build(tf, x[0], x[1]), z, z), 1e-5);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientCheck.check(Shape.of(6, 3), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> l = new TwistLoss().build(tf, x, tf.math.add(tf.math.mul(x, x), tf.constant(0.5f)));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2, 1e-3f);
    }
}
