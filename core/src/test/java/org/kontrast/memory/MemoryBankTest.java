package org.kontrast.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class MemoryBankTest {
    private static final int SIZE = 5;
    private static final int DIM = 3;

    private static float[][] fetch(Session s, Operand<TFloat32> x) {
        try (var r = s.runner().fetch(x).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[][] out = new float[(int) t.shape().get(0)][(int) t.shape().get(1)];
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] = t.getFloat(i, j);
                }
            }
            return out;
        }
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    @Test
    void rowsStartAsUnitVectorsAndMoveByMomentum() {
        float[][] features = {{3, 0, 4}, {0, -2, 0}};
        int[] rows = {3, 1};
        double m = 0.25;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            MemoryBank bank = new MemoryBank(new ParameterStore(tf, 7), "bank", SIZE, DIM, m);
            Operand<TFloat32> all = bank.read(tf);
            Operand<TFloat32> some = bank.rows(tf, tf.constant(new int[] {1, 4}));
            Op update = bank.update(tf, tf.constant(rows), tf.constant(features));
            try (Session s = new Session(g)) {
                s.initialize();
                float[][] before = fetch(s, all);
                for (float[] row : before) {
                    assertEquals(1, row[0] * row[0] + row[1] * row[1] + row[2] * row[2], 1e-5);
                }
                assertArrayEquals(before[4], fetch(s, some)[1], 0f);
                s.runner().addTarget(update).run();
                float[][] after = fetch(s, all);
                for (int i = 0; i < SIZE; i++) {
                    int k = i == 3 ? 0 : i == 1 ? 1 : -1;
                    if (k < 0) {
                        assertArrayEquals(before[i], after[i], 1e-6f, "row " + i + " is not in the batch and must stay");
                        continue;
                    }
                    double[] f = unit(new double[] {features[k][0], features[k][1], features[k][2]});
                    double[] expected = unit(new double[] {
                        m * before[i][0] + (1 - m) * f[0], m * before[i][1] + (1 - m) * f[1], m * before[i][2] + (1 - m) * f[2]});
                    for (int j = 0; j < DIM; j++) {
                        assertEquals(expected[j], after[i][j], 1e-5, "row " + i);
                    }
                }
            }
        }
    }

    @Test
    void refusesAnEmptyBankAndABadMomentum() {
        try (Graph g = new Graph()) {
            ParameterStore store = new ParameterStore(Ops.create(g), 1);
            assertEquals("memory bank b: size and dim must be >= 1, got size=0 dim=3",
                    assertThrows(IllegalArgumentException.class, () -> new MemoryBank(store, "b", 0, 3, 0.5)).getMessage());
            assertEquals("memory bank momentum must be in [0, 1], got 2.0",
                    assertThrows(IllegalArgumentException.class, () -> new MemoryBank(store, "c", 4, 3, 2)).getMessage());
        }
    }
}
