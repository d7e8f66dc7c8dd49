package org.kontrast.nn;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.kontrast.runtime.TensorValues;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
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
                return floats(r.get(0));
            }
        }
    }

    /** A float32 tensor's values, row-major. */
    public static float[] floats(Tensor t) {
        return TensorValues.floats(t);
    }

    /** n standard normal values from a seeded generator. */
    public static float[] gaussian(long n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** The types of the ops in a graph. */
    public static Set<String> opTypes(Graph g) {
        Set<String> types = new HashSet<>();
        g.operations().forEachRemaining(op -> types.add(op.type()));
        return types;
    }

    /** The types of the ops that {@code build} adds to a graph. */
    public static Set<String> opTypesAdded(Graph g, Runnable build) {
        Set<String> before = new HashSet<>();
        g.operations().forEachRemaining(op -> before.add(op.name()));
        build.run();
        Set<String> types = new HashSet<>();
        g.operations().forEachRemaining(op -> {
            if (!before.contains(op.name())) {
                types.add(op.type());
            }
        });
        return types;
    }

    public static Operand<TFloat32> constant(Ops tf, float[] values, long... dims) {
        return tf.constant(Shape.of(dims), DataBuffers.of(values, true, false));
    }
}
