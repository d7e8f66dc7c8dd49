package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Barlow Twins and HSIC share one form; each is checked against its own formula. */
class TwinsLossesTest {
    private static double reference(float[][] z1, float[][] z2, double offTarget, double weight) {
        double[][] a = Reference.standardize(z1, Rows.VARIANCE_EPSILON);
        double[][] b = Reference.standardize(z2, Rows.VARIANCE_EPSILON);
        int n = a.length;
        int d = a[0].length;
        double diag = 0;
        double off = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = 0;
                for (int k = 0; k < n; k++) {
                    c += a[k][i] * b[k][j] / n;
                }
                if (i == j) {
                    diag += (1 - c) * (1 - c);
                } else {
                    off += (offTarget - c) * (offTarget - c);
                }
            }
        }
        return diag / d + weight * off / (d * (d - 1.0));
    }

    @Test
    void identicalDecorrelatedViewsCostNothingInBarlowTwins() {
        // Columns (1,-1,1,-1) and (1,1,-1,-1): standardised, uncorrelated, so C = I and the loss is 0.
        float[][] z = {{1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
        assertEquals(0, Reference.value((tf, x) -> new BarlowTwinsLoss(10).build(tf, x[0], x[1]), z, z), 1e-5);
        // HSIC wants the off-diagonal at -1: two entries each off by 1, weight 3, d (d - 1) = 2.
        assertEquals(3.0, Reference.value((tf, x) -> new HsicLoss(3).build(tf, x[0], x[1]), z, z), 1e-5);
    }

    @Test
    void matchDoublePrecisionReferences() {
        float[][] z1 = Reference.gaussian(8, 4, 6);
        float[][] z2 = Reference.gaussian(8, 4, 7);
        assertEquals(reference(z1, z2, 0, 10), Reference.value((tf, x) -> new BarlowTwinsLoss(10).build(tf, x[0], x[1]), z1, z2), 1e-4);
        assertEquals(reference(z1, z2, -1, 3), Reference.value((tf, x) -> new HsicLoss(3).build(tf, x[0], x[1]), z1, z2), 1e-4);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (ContrastiveLoss loss : new ContrastiveLoss[] {new BarlowTwinsLoss(10), new HsicLoss(3)}) {
            GradientCheck.check(Shape.of(6, 3), s -> x -> {
                Ops tf = s.tf();
                Operand<TFloat32> l = loss.build(tf, x, tf.math.add(tf.math.mul(x, x), tf.constant(0.5f)));
                return tf.reshape(l, tf.constant(new int[] {1}));
            }, 2e-2, 1e-3f);
        }
    }
}
