package org.kontrast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Two steps of each optimiser on L = sum(w^2) / 2 (gradient w, w starting at 1), against the update rules by hand. */
class OptimizerTest {
    private static float[] twoSteps(Optimizer optimizer, float lr) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 1);
            Parameter w = store.trainable("w", Shape.of(2), Initializer.ONES, 1, 1, true);
            Operand<TFloat32> grad = tf.identity(w.read());
            Op update = optimizer.apply(tf.withControlDependencies(List.of(grad)), store, List.of(w), List.of(grad),
                    tf.constant(lr), tf.placeholderWithDefault(tf.constant(1f), Shape.scalar()));
            try (Session s = new Session(g)) {
                float[] out = new float[2];
                for (int step = 1; step <= 2; step++) {
                    try (TFloat32 t = TFloat32.scalarOf(step)) {
                        s.runner().feed("PlaceholderWithDefault", t).addTarget(update).run();
                    }
                    try (var r = s.runner().fetch(w.read()).run()) {
                        out[step - 1] = ((TFloat32) r.get(0)).getFloat(0);
                    }
                }
                return out;
            }
        }
    }

    @Test
    void adamFirstStepsMoveByTheLearningRate() {
        // Bias-corrected m / sqrt(v) is g / |g| = 1 on the first step: w = 1 - lr.
        float[] w = twoSteps(new Adam(), 0.1f);
        assertEquals(0.9, w[0], 1e-5);
        // Step 2: g = 0.9; m = 0.9*0.1 + 0.1*0.9 = 0.18 -> /(1-0.81) = 0.947368;
        // v = 0.999*0.001 + 0.001*0.81 = 0.001809 -> /(1-0.998001) = 0.904952; w = 0.9 - 0.1 * 0.947368 / 0.951290.
        assertEquals(0.9 - 0.1 * 0.947368 / Math.sqrt(0.904952), w[1], 1e-4);
    }

    @Test
    void sgdMomentumAccumulates() {
        // v1 = 1, w1 = 1 - 0.1 = 0.9; v2 = 0.9 * 1 + 0.9 = 1.8, w2 = 0.9 - 0.18 = 0.72.
        float[] w = twoSteps(new SgdMomentum(0.9, 0), 0.1f);
        assertEquals(0.9, w[0], 1e-6);
        assertEquals(0.72, w[1], 1e-6);
    }

    @Test
    void adamWDecaysBeforeTheAdamStep() {
        // w = 1 - lr * wd * 1 = 0.99, then Adam moves by lr: 0.89.
        float[] w = twoSteps(new AdamW(0.9, 0.999, 1e-8, 0.1), 0.1f);
        assertEquals(0.89, w[0], 1e-5);
    }

    @Test
    void larsScalesTheRateByTheTrustRatio() {
        // g' = g + wd w = 1.5 w, trust = eta ||w|| / ||g'|| = 0.5 / 1.5; w1 = 1 - 0.1 * (1/3) * 1.5 = 0.95.
        float[] w = twoSteps(new Lars(0.9, 0.5, 0.5), 0.1f);
        assertEquals(0.95, w[0], 1e-5);
    }
}
