package org.kontrast.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kontrast.nn.Dense;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class MomentumEncoderTest {
    private static float scalar(Session s, org.tensorflow.Operand<TFloat32> x, Placeholder<TFloat32> p, float progress) {
        try (TFloat32 t = TFloat32.scalarOf(progress); var r = s.runner().feed(p, t).fetch(x).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    @Test
    void cosineScheduleRunsFromTheBaseToOne() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> p = tf.placeholder(TFloat32.class);
            var m = MomentumEncoder.cosine(tf, 0.996, p);
            assertEquals(0.996, scalar(s, m, p, 0), 1e-6);
            assertEquals(1 - 0.004 * (Math.cos(Math.PI * 0.3) + 1) / 2, scalar(s, m, p, 0.3f), 1e-6);
            assertEquals(1.0, scalar(s, m, p, 1), 1e-6);
        }
    }

    @Test
    void aTargetLayerMustMirrorAnOnlineOne() {
        try (Graph g = new Graph()) {
            ParameterStore online = new ParameterStore(Ops.create(g), 1);
            new Dense(online, "a", 3, 2, true);
            MomentumEncoder target = new MomentumEncoder(online, "t_");
            new Dense(target.store(), "a", 3, 2, true);
            assertEquals(2, target.store().copiedPairs().size());
            var e = assertThrows(IllegalArgumentException.class, () -> new Dense(target.store(), "b", 3, 2, true));
            assertEquals("momentum copy: no online parameter 'b_kernel' to mirror; build the online network first, with the same layer names",
                    e.getMessage());
        }
    }
}
