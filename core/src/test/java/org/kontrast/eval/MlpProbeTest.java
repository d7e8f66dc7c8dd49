package org.kontrast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpProbeTest {
    /** Two classes by the sign of x * y (XOR of the signs): no line separates them, one hidden layer does. */
    private static Features xor(int n, long seed, int[] labels) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) r.nextGaussian();
            x[2 * i + 1] = (float) r.nextGaussian();
            labels[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
        }
        return new Features(x, n, 2);
    }

    @Test
    void separatesWhatALinearProbeCannot() {
        int[] yTrain = new int[2000];
        int[] yTest = new int[500];
        Features train = xor(2000, 1, yTrain);
        Features test = xor(500, 2, yTest);
        double mlp = new MlpProbe(32, 40, 2).evaluate(train, yTrain, test, yTest, 2);
        double linear = new LinearProbe(new double[] {1e-3}, 100, 2).evaluate(train, yTrain, test, yTest, 2).testAccuracy();
        assertTrue(mlp > 0.9, "MLP probe on XOR: " + mlp);
        assertTrue(linear < 0.7, "a linear probe should fail on XOR: " + linear);
        assertEquals(mlp, new MlpProbe(32, 40, 2).evaluate(train, yTrain, test, yTest, 2), "seeded: the same run twice");
    }
}
