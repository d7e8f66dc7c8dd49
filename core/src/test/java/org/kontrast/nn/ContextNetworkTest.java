package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The masked context: row r of the context must not depend on any grid row below r. */
class ContextNetworkTest {
    private static final int G = 7;
    private static final int D = 4;
    private static final int WIDTH = 8;

    private static float[] grid(long seed) {
        Random r = new Random(seed);
        float[] v = new float[2 * G * G * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static int index(int b, int row, int col, int d) {
        return ((b * G + row) * G + col) * D + d;
    }

    @Test
    void contextRowHasNoGradientFromLowerRows() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 5);
            ContextNetwork net = new ContextNetwork(store, "ctx", D, WIDTH, ContextNetwork.LAYERS_DEFAULT);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, G, G, D)));
            Operand<TFloat32> c = net.apply(x);
            float[] weights = grid(9);
            try (Session s = new Session(g); TFloat32 in = TFloat32.tensorOf(Shape.of(2, G, G, D), DataBuffers.of(grid(1), true, false))) {
                for (int row = 0; row < G; row++) {
                    Operand<TFloat32> rowOut = tf.slice(c, tf.constant(new int[] {0, row, 0, 0}), tf.constant(new int[] {-1, 1, -1, -1}));
                    Operand<TFloat32> scalar = tf.reduceSum(tf.math.mul(rowOut, tf.constant(Shape.of(2, 1, G, WIDTH),
                            DataBuffers.of(java.util.Arrays.copyOf(weights, 2 * G * WIDTH), true, false))), tf.constant(new int[] {0, 1, 2, 3}));
                    Output<?>[] grad = g.addGradients(scalar.asOutput(), new Output<?>[] {x.asOutput()});
                    float[] dx;
                    try (Result r = s.runner().feed(x, in).fetch(grad[0]).run()) {
                        dx = GraphRun.floats(r.get(0));
                    }
                    double above = 0;
                    for (int b = 0; b < 2; b++) {
                        for (int i = 0; i < G; i++) {
                            for (int col = 0; col < G; col++) {
                                for (int d = 0; d < D; d++) {
                                    float v = dx[index(b, i, col, d)];
                                    if (i > row) {
                                        assertEquals(0f, v, "context row " + row + " has a gradient from grid row " + i);
                                    } else {
                                        above += Math.abs(v);
                                    }
                                }
                            }
                        }
                    }
                    assertTrue(above > 0, "context row " + row + " sees nothing of the rows at or above it");
                }
            }
        }
    }

    @Test
    void changingLowerRowsLeavesTheContextRowUnchanged() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ContextNetwork net = new ContextNetwork(new ParameterStore(tf, 5), "ctx", D, WIDTH, ContextNetwork.LAYERS_DEFAULT);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, G, G, D)));
            Operand<TFloat32> c = net.apply(x);
            try (Session s = new Session(g)) {
                float[] base = grid(1);
                float[] before = run(s, x, c, base);
                for (int row = 0; row < G; row++) {
                    float[] changed = base.clone();
                    Random r = new Random(row);
                    for (int b = 0; b < 2; b++) {
                        for (int i = row + 1; i < G; i++) {
                            for (int col = 0; col < G; col++) {
                                for (int d = 0; d < D; d++) {
                                    changed[index(b, i, col, d)] += (float) r.nextGaussian();
                                }
                            }
                        }
                    }
                    float[] after = run(s, x, c, changed);
                    for (int b = 0; b < 2; b++) {
                        for (int i = 0; i <= row; i++) {
                            for (int col = 0; col < G; col++) {
                                for (int w = 0; w < WIDTH; w++) {
                                    int at = ((b * G + i) * G + col) * WIDTH + w;
                                    assertEquals(before[at], after[at], "context row " + i + " moved when rows below " + row + " changed");
                                }
                            }
                        }
                    }
                    if (row < G - 1) {
                        int below = ((row + 1) * G) * WIDTH;
                        boolean moved = false;
                        for (int k = 0; k < G * WIDTH; k++) {
                            moved |= before[below + k] != after[below + k];
                        }
                        assertTrue(moved, "context row " + (row + 1) + " ignores its own grid row");
                    }
                }
                assertNotEquals(0f, before[0]);
            }
        }
    }

    private static float[] run(Session s, Placeholder<TFloat32> x, Operand<TFloat32> c, float[] values) {
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(2, G, G, D), DataBuffers.of(values, true, false));
             Result r = s.runner().feed(x, in).fetch(c).run()) {
            return GraphRun.floats(r.get(0));
        }
    }
}
