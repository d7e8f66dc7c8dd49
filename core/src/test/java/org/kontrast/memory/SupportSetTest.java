package org.kontrast.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.ParameterStore;
import org.kontrast.runtime.TensorValues;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class SupportSetTest {
    @Test
    void returnsEachQuerysNearestStoredEmbeddingByCosine() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            SupportSet support = new SupportSet(new ParameterStore(tf, 1), "s", 3, 2);
            var fill = support.enqueue(tf, tf.constant(new float[][] {{1, 0}, {0, 1}, {-1, -1}}));
            // (0.9, 0.2) is closest to e1, (-2, -1.5) to the unit (-1, -1) / sqrt2, (0.1, 3) to e2.
            var nn = support.nearestNeighbour(tf, tf.constant(new float[][] {{0.9f, 0.2f}, {-2, -1.5f}, {0.1f, 3}}));
            try (Session s = new Session(g)) {
                s.runner().addTarget(fill).run();
                try (var r = s.runner().fetch(nn).run()) {
                    float[] v = TensorValues.floats(r.get(0));
                    float h = (float) (-1 / Math.sqrt(2));
                    assertArrayEquals(new float[] {1, 0, h, h, 0, 1}, v, 1e-6f);
                }
            }
        }
    }
}
