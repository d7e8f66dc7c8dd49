package org.kontrast.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.nn.GradientCheck;
import org.kontrast.nn.GraphRun;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class CpcInfoNceTest {
    @Test
    void tinyGridByHand() {
        // One image, 3x3 grid, codes in 2-D: row 2 holds (1, 0), every other code is 0. Offset 2: context row 0
        // predicts row 2; each of the three predictions is (ln 2, 0). Its logits are ln 2 for the three row-2
        // codes and 0 for the six others, the positive is ln 2: l = log(3 * 2 + 6) - ln 2 = ln 6.
        float[] codes = new float[3 * 3 * 2];
        for (int c = 0; c < 3; c++) {
            codes[(2 * 3 + c) * 2] = 1f;
        }
        float a = (float) Math.log(2);
        float[] predictions = {a, 0, a, 0, a, 0};
        float[] loss = GraphRun.eval(tf -> CpcInfoNce.offset(tf, GraphRun.constant(tf, predictions, 1, 1, 3, 2),
                GraphRun.constant(tf, codes, 1, 3, 3, 2), 2, 3, 3, 2));
        assertEquals(Math.log(6), loss[0], 1e-6);
    }

    @Test
    void matchesADirectSumOverEveryPositionOfEveryImage() {
        int b = 2;
        int g = 4;
        int d = 3;
        int k = 2;
        Random r = new Random(4);
        float[] codes = new float[b * g * g * d];
        float[] predictions = new float[b * (g - k) * g * d];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = (float) r.nextGaussian();
        }
        double total = 0;
        int count = 0;
        for (int img = 0; img < b; img++) {
            for (int row = 0; row < g - k; row++) {
                for (int col = 0; col < g; col++) {
                    int p = ((img * (g - k) + row) * g + col) * d;
                    double positive = 0;
                    double sum = 0;
                    for (int m = 0; m < b * g * g; m++) {
                        double logit = 0;
                        for (int j = 0; j < d; j++) {
                            logit += predictions[p + j] * codes[m * d + j];
                        }
                        sum += Math.exp(logit);
                        if (m == (img * g + row + k) * g + col) {
                            positive = logit;
                        }
                    }
                    total += Math.log(sum) - positive;
                    count++;
                }
            }
        }
        double expected = total / count;
        float[] loss = GraphRun.eval(tf -> CpcInfoNce.offset(tf, GraphRun.constant(tf, predictions, b, g - k, g, d),
                GraphRun.constant(tf, codes, b, g, g, d), k, g, g, d));
        assertEquals(expected, loss[0], 1e-5);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        float[] fixed = new float[2 * 1 * 3 * 2];
        Random r = new Random(8);
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = (float) r.nextGaussian();
        }
        GradientCheck.check(Shape.of(2, 3, 3, 2), s -> x -> {
            Ops tf = s.tf();
            Operand<TFloat32> predictions = tf.math.add(GraphRun.constant(tf, fixed, 2, 1, 3, 2),
                    tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, 1, -1, -1})));
            return tf.reshape(CpcInfoNce.offset(tf, predictions, x, 2, 3, 3, 2), tf.constant(new int[] {1}));
        }, 2e-2);
    }
}
