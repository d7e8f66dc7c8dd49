package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DinoLossTest {
    @Test
    void matchesDoublePrecisionReference() {
        float[][] s = Reference.gaussian(5, 4, 14);
        float[][] t = Reference.gaussian(5, 4, 15);
        float[][] c = {{0.1f, -0.2f, 0.05f, 0}};
        double tauS = 0.1;
        double tauT = 0.05;
        double[][] su = Reference.unitRows(s);
        double[][] tu = Reference.unitRows(t);
        double total = 0;
        for (int i = 0; i < su.length; i++) {
            double[] tl = new double[4];
            double[] sl = new double[4];
            for (int k = 0; k < 4; k++) {
                tl[k] = (tu[i][k] - c[0][k]) / tauT;
                sl[k] = su[i][k] / tauS;
            }
            double[] pt = Reference.softmax(tl);
            double[] ps = Reference.softmax(sl);
            for (int k = 0; k < 4; k++) {
                total -= pt[k] * Math.log(ps[k]) / su.length;
            }
        }
        assertEquals(total, Reference.value((tf, x) -> new DinoLoss(0.1, 0.5).build(tf, x[0], x[1], x[2]), s, t, c), 1e-4);
    }

    @Test
    void gradientMatchesFiniteDifferencesForTheStudent() {
        float[][] t = Reference.gaussian(5, 3, 16);
        GradientCheck.check(Shape.of(5, 3), st -> x -> {
            Ops tf = st.tf();
            Operand<TFloat32> l = new DinoLoss(0.5, 0.5).build(tf, x, tf.constant(t), tf.constant(new float[][] {{0.1f, 0, -0.1f}}));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2, 1e-3f);
    }
}
