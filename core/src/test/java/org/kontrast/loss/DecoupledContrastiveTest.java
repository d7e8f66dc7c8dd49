package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DecoupledContrastiveTest {
    @Test
    void orthonormalPairsByHand() {
        // z1 = z2 = (e1, e2), t = 1: s = I. Anchor 0: -1 + log(e^0 + e^0) = log 2 - 1; the positive is not in the denominator.
        float[][] z = {{1, 0}, {0, 1}};
        assertEquals(Math.log(2) - 1, Reference.value((tf, x) -> new DecoupledContrastive(1).build(tf, x[0], x[1]), z, z), 1e-6);
    }

    @Test
    void matchesDoublePrecisionReference() {
        float[][] z1 = Reference.gaussian(5, 3, 4);
        float[][] z2 = Reference.gaussian(5, 3, 5);
        double t = 0.2;
        double[][] a = Reference.unitRows(z1);
        double[][] b = Reference.unitRows(z2);
        int n = a.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double denom = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    denom += Math.exp(Reference.dot(a[j], b[i]) / t) + Math.exp(Reference.dot(a[i], b[j]) / t);
                }
            }
            total += -Reference.dot(a[i], b[i]) / t + Math.log(denom);
        }
        assertEquals(total / n, Reference.value((tf, x) -> new DecoupledContrastive(t).build(tf, x[0], x[1]), z1, z2), 1e-4);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientCheck.check(Shape.of(5, 4), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> loss = new DecoupledContrastive(0.5).build(tf, x, tf.math.add(tf.math.mul(x, x), tf.constant(0.5f)));
            return tf.reshape(loss, tf.constant(new int[] {1}));
        }, 2e-2);
    }
}
