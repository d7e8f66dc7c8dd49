package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class InfoNceTest {
    @Test
    void orthonormalKeysByHand() {
        // Anchors e1, e2 with positives e1, e2 and one queued key e1 + e2 (cosine 1/sqrt2 with both), t = 1:
        // l = -log(e / (e + 1 + e^{1/sqrt2})) for each anchor.
        float[][] q = {{1, 0}, {0, 1}};
        float[][] neg = {{1, 1}};
        double expected = -Math.log(Math.E / (Math.E + 1 + Math.exp(1 / Math.sqrt(2))));
        assertEquals(expected, Reference.value((tf, x) -> new InfoNce(1).build(tf, x[0], x[1], x[2]), q, q, neg), 1e-6);
        assertEquals(Math.log(1 + 1 / Math.E), Reference.value((tf, x) -> new InfoNce(1).build(tf, x[0], x[1], null), q, q), 1e-6);
    }

    @Test
    void matchesDoublePrecisionReferenceWithAQueue() {
        float[][] q = Reference.gaussian(5, 3, 1);
        float[][] k = Reference.gaussian(5, 3, 2);
        float[][] neg = Reference.gaussian(7, 3, 3);
        double t = 0.3;
        double[][] a = Reference.unitRows(q);
        double[][] b = Reference.unitRows(k);
        double[][] m = Reference.unitRows(neg);
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double denom = 0;
            for (double[] key : b) {
                denom += Math.exp(Reference.dot(a[i], key) / t);
            }
            for (double[] key : m) {
                denom += Math.exp(Reference.dot(a[i], key) / t);
            }
            total -= Reference.dot(a[i], b[i]) / t - Math.log(denom);
        }
        assertEquals(total / a.length, Reference.value((tf, x) -> new InfoNce(t).build(tf, x[0], x[1], x[2]), q, k, neg), 1e-4);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        float[][] neg = Reference.gaussian(4, 4, 9);
        GradientCheck.check(Shape.of(6, 4), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> loss = new InfoNce(0.5).build(tf, x, tf.math.add(tf.math.mul(x, x), tf.constant(0.5f)), tf.constant(neg));
            return tf.reshape(loss, tf.constant(new int[] {1}));
        }, 2e-2);
    }
}
