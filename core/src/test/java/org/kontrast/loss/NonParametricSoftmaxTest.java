package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class NonParametricSoftmaxTest {
    private static Operand<TInt32> ints(Ops tf, Operand<TFloat32> x) {
        return tf.dtypes.cast(tf.reshape(x, tf.constant(new int[] {-1})), TInt32.class);
    }

    @Test
    void fullSoftmaxByHand() {
        // Features e1, e2; bank rows e1, e2 and (e1 + e2)/sqrt2; t = 1. Image 0 owns row 0, image 1 row 1:
        // each loss is -log(e / (e + 1 + e^{1/sqrt2})). Swapping the owners makes each positive the orthogonal row.
        float[][] f = {{1, 0}, {0, 1}};
        float s = (float) (1 / Math.sqrt(2));
        float[][] bank = {{1, 0}, {0, 1}, {s, s}};
        double denom = Math.E + 1 + Math.exp(1 / Math.sqrt(2));
        assertEquals(-Math.log(Math.E / denom),
                Reference.value((tf, x) -> new NonParametricSoftmax(1).full(tf, x[0], x[1], ints(tf, x[2])), f, bank, new float[][] {{0, 1}}), 1e-6);
        assertEquals(-Math.log(1 / denom),
                Reference.value((tf, x) -> new NonParametricSoftmax(1).full(tf, x[0], x[1], ints(tf, x[2])), f, bank, new float[][] {{1, 0}}), 1e-6);
    }

    @Test
    void fullSoftmaxMatchesDoublePrecision() {
        float[][] f = Reference.gaussian(4, 3, 1);
        float[][] bank = Reference.gaussian(9, 3, 2);
        double[][] a = Reference.unitRows(f);
        double[][] b = Reference.unitRows(bank);
        float[][] bankUnit = toFloat(b);
        int[] owner = {7, 2, 0, 5};
        double t = 0.07;
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double denom = 0;
            for (double[] row : b) {
                denom += Math.exp(Reference.dot(a[i], row) / t);
            }
            total += -(Reference.dot(a[i], b[owner[i]]) / t - Math.log(denom));
        }
        assertEquals(total / a.length, Reference.value((tf, x) -> new NonParametricSoftmax(t).full(tf, x[0], x[1], ints(tf, x[2])),
                f, bankUnit, new float[][] {{7, 2, 0, 5}}), 1e-3);
    }

    @Test
    void nceMatchesTheProbabilityFormOfWuEtAl() {
        // J = -log h(i, v_i) - sum_k log(1 - h(i, v'_k)), h = P / (P + m P_n), P = exp(v.f / t) / Z, P_n = 1 / n.
        float[][] f = Reference.gaussian(3, 4, 3);
        float[][] pos = toFloat(Reference.unitRows(Reference.gaussian(3, 4, 4)));
        float[][] neg = toFloat(Reference.unitRows(Reference.gaussian(5, 4, 5)));
        double t = 0.5;
        int n = 40;
        double logZ = 2.5;
        double[][] a = Reference.unitRows(f);
        double mPn = 5.0 / n;
        double total = 0;
        for (int i = 0; i < 3; i++) {
            double p = Math.exp(Reference.dot(a[i], Reference.toDouble(pos)[i]) / t - logZ);
            total -= Math.log(p / (p + mPn));
            for (double[] v : Reference.toDouble(neg)) {
                double q = Math.exp(Reference.dot(a[i], v) / t - logZ);
                total -= Math.log(1 - q / (q + mPn));
            }
        }
        assertEquals(total / 3, Reference.value((tf, x) -> new NonParametricSoftmax(t).nce(tf, x[0], x[1], x[2], tf.constant((float) logZ), n),
                f, pos, neg), 1e-4);
    }

    @Test
    void normaliserIsTheMonteCarloEstimate() {
        float[][] f = Reference.gaussian(3, 4, 6);
        float[][] neg = toFloat(Reference.unitRows(Reference.gaussian(5, 4, 7)));
        double t = 0.1;
        double[][] a = Reference.unitRows(f);
        double sum = 0;
        for (double[] q : a) {
            for (double[] v : Reference.toDouble(neg)) {
                sum += Math.exp(Reference.dot(q, v) / t);
            }
        }
        double expected = Math.log(1000 * sum / 15);
        assertEquals(expected, Reference.value((tf, x) -> new NonParametricSoftmax(t).logNormaliser(tf, x[0], x[1], 1000), f, neg), 1e-4);
    }

    @Test
    void nceWithZFromTheSameDrawsEqualsNceGivenThatEstimate() {
        float[][] f = Reference.gaussian(3, 4, 10);
        float[][] pos = toFloat(Reference.unitRows(Reference.gaussian(3, 4, 11)));
        float[][] neg = toFloat(Reference.unitRows(Reference.gaussian(5, 4, 12)));
        NonParametricSoftmax l = new NonParametricSoftmax(0.2);
        float given = Reference.value((tf, x) -> l.nce(tf, x[0], x[1], x[2], l.logNormaliser(tf, x[0], x[2], 50), 50), f, pos, neg);
        assertEquals(given, Reference.value((tf, x) -> l.nce(tf, x[0], x[1], x[2], 50), f, pos, neg), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        float[][] bank = toFloat(Reference.unitRows(Reference.gaussian(6, 4, 8)));
        GradientCheck.check(Shape.of(3, 4), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> l = new NonParametricSoftmax(0.5).full(tf, x, tf.constant(bank), tf.constant(new int[] {4, 0, 2}));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2);
        GradientCheck.check(Shape.of(3, 4), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> pos = tf.gather(tf.constant(bank), tf.constant(new int[] {1, 3, 5}), tf.constant(0));
            Operand<TFloat32> l = new NonParametricSoftmax(0.5).nce(tf, x, pos, tf.constant(bank), tf.constant(1.5f), 20);
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2);
    }

    private static float[][] toFloat(double[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }
}
