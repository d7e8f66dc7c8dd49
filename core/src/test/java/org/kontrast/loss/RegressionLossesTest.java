package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.kontrast.runtime.TensorValues;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** BYOL's regression and SimSiam's negative cosine, both with a stop-gradient on the target. */
class RegressionLossesTest {
    @Test
    void byHand() {
        float[][] p = {{3, 0}, {0, 2}};
        float[][] same = {{1, 0}, {0, 5}};
        float[][] orthogonal = {{0, 1}, {-1, 0}};
        float[][] opposite = {{-1, 0}, {0, -1}};
        assertEquals(0, Reference.value((tf, x) -> new ByolRegression().build(tf, x[0], x[1]), p, same), 1e-6);
        assertEquals(2, Reference.value((tf, x) -> new ByolRegression().build(tf, x[0], x[1]), p, orthogonal), 1e-6);
        assertEquals(4, Reference.value((tf, x) -> new ByolRegression().build(tf, x[0], x[1]), p, opposite), 1e-6);
        assertEquals(-1, Reference.value((tf, x) -> new SimSiamCosine().build(tf, x[0], x[1]), p, same), 1e-6);
        assertEquals(0, Reference.value((tf, x) -> new SimSiamCosine().build(tf, x[0], x[1]), p, orthogonal), 1e-6);
    }

    @Test
    void gradientsReachThePredictionOnly() {
        float[][] target = Reference.gaussian(5, 3, 12);
        GradientCheck.check(Shape.of(5, 3), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> l = new ByolRegression().build(tf, x, tf.constant(target));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2, 1e-3f);
        GradientCheck.check(Shape.of(5, 3), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> l = new SimSiamCosine().build(tf, x, tf.constant(target));
            return tf.reshape(l, tf.constant(new int[] {1}));
        }, 2e-2, 1e-3f);
        // With the target a function of x, its stop-gradient leaves only the prediction's path: d/dx of l(x, g(x))
        // equals d/dx of l(x, g(x0)) at x0, so the analytic gradient w.r.t. x must ignore g.
        try (var g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Reference.gaussian(4, 3, 13));
            Operand<TFloat32> l = new SimSiamCosine().build(tf, tf.constant(target), x);
            var grads = g.addGradients(l.asOutput(), new org.tensorflow.Output<?>[] {x.asOutput()});
            try (var s = new org.tensorflow.Session(g); var r = s.runner().fetch(grads[0]).run()) {
                float[] v = TensorValues.floats(r.get(0));
                assertEquals(12, v.length);
                for (float f : v) {
                    assertEquals(0f, f);
                }
            }
        } catch (IllegalArgumentException noPath) {
            // TensorFlow may also refuse outright: no differentiable path from the target to the loss.
        }
    }
}
