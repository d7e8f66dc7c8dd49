package org.kontrast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionProbeTest {
    /**
     * Four tokens of two features; the class is whether tokens 0 and 2 point the same way. No token decides it alone,
     * so only a probe that mixes tokens can tell, and no line through the 8 features can.
     */
    private static Features pairs(int n, long seed, int[] labels) {
        Random r = new Random(seed);
        float[] x = new float[n * 8];
        for (int i = 0; i < n * 8; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double dot = x[8 * i] * x[8 * i + 4] + x[8 * i + 1] * x[8 * i + 5];
            labels[i] = dot > 0 ? 1 : 0;
        }
        return new Features(x, n, 8);
    }

    @Test
    void attendsAcrossTokensWhereALinearProbeCannot() {
        int[] yTrain = new int[3000];
        int[] yTest = new int[500];
        Features train = pairs(3000, 1, yTrain);
        Features test = pairs(500, 2, yTest);
        double attention = new AttentionProbe(4, 32, 4, 40, 2).evaluate(train, yTrain, test, yTest, 2);
        double linear = new LinearProbe(new double[] {1e-3}, 100, 2).evaluate(train, yTrain, test, yTest, 2).testAccuracy();
        assertTrue(attention > 0.85, "attention probe: " + attention);
        assertTrue(linear < 0.65, "a linear probe cannot compare two tokens: " + linear);
        assertEquals(attention, new AttentionProbe(4, 32, 4, 40, 2).evaluate(train, yTrain, test, yTest, 2), "seeded: the same run twice");
    }

    @Test
    void refusesTokensThatDoNotDivideTheFeaturesAndBadSizes() {
        int[] y = new int[10];
        Features f = pairs(10, 1, y);
        assertEquals("eval.attentionProbe: 8 features do not split into 3 tokens",
                assertThrows(IllegalArgumentException.class, () -> new AttentionProbe(3, 8, 2, 1, 1).evaluate(f, y, f, y, 2)).getMessage());
        assertEquals("eval.attentionProbe needs tokens, width, heads and epochs >= 1 and heads dividing width, got tokens=4 width=6 heads=4 epochs=1",
                assertThrows(IllegalArgumentException.class, () -> new AttentionProbe(4, 6, 4, 1, 1)).getMessage());
    }
}
