package org.kontrast.nn;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a small graph, runs it once and reads one float output back, for tests of shapes and values. */
public final class GraphRun {
    private GraphRun() {
    }

    public static float[] eval(Function<Ops, Operand<TFloat32>> build) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Operand<TFloat32> y = build.apply(Ops.create(g));
            try (Result r = s.runner().fetch(y).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] out = new float[(int) t.size()];
                t.asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    public static Operand<TFloat32> constant(Ops tf, float[] values, long... dims) {
        return tf.constant(Shape.of(dims), DataBuffers.of(values, true, false));
    }
}
