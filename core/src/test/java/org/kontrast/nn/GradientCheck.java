package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
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

/**
 * Compares TensorFlow's gradients of L = sum(f(x) * R), R a fixed random tensor,
 * with central finite differences, for the input and every parameter, at a
 * sample of coordinates. Parameters are perturbed by feeding their identity reads.
 */
public final class GradientCheck {
    /** Central-difference step; deep ReLU stacks want a smaller one so that steps rarely cross a kink. */
    public static final float EPS_DEFAULT = 1e-2f;
    private static final int COORDINATES = 6;

    private GradientCheck() {
    }

    /** @param build makes the layer in the store and returns the function of x it computes */
    public static void check(Shape inputShape, Function<ParameterStore, Function<Operand<TFloat32>, Operand<TFloat32>>> build,
                             double tolerance) {
        check(inputShape, build, tolerance, EPS_DEFAULT);
    }

    public static void check(Shape inputShape, Function<ParameterStore, Function<Operand<TFloat32>, Operand<TFloat32>>> build,
                             double tolerance, float eps) {
        Random random = new Random(3);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, 11);
            Function<Operand<TFloat32>, Operand<TFloat32>> f = build.apply(store);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(inputShape));
            Operand<TFloat32> y = f.apply(x);
            List<Operand<TFloat32>> targets = new ArrayList<>();
            targets.add(x);
            store.trainable().forEach(p -> targets.add(p.read()));
            try (Session s = new Session(g)) {
                long outSize;
                try (Result r = s.runner().feed(x, tensor(inputShape, values(inputShape, random))).fetch(y).run()) {
                    outSize = r.get(0).shape().size();
                    Shape outShape = r.get(0).shape();
                    Operand<TFloat32> weights = tf.constant(outShape, DataBuffers.of(values(outShape, random), true, false));
                    Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, weights),
                            tf.range(tf.constant(0), tf.rank(y), tf.constant(1)));
                    Output<?>[] grads = g.addGradients(loss.asOutput(),
                            targets.stream().map(Operand::asOutput).toArray(Output<?>[]::new));
                    float[] xValue = values(inputShape, random);
                    List<float[]> current = new ArrayList<>();
                    current.add(xValue);
                    for (int i = 1; i < targets.size(); i++) {
                        current.add(fetch(s, targets.get(i)));
                    }
                    for (int t = 0; t < targets.size(); t++) {
                        float[] analytic = fetchWithFeeds(s, targets, current, grads[t]);
                        Shape shape = t == 0 ? inputShape : store.trainable().get(t - 1).shape();
                        for (int c = 0; c < COORDINATES; c++) {
                            int idx = random.nextInt(analytic.length);
                            float[] plus = current.get(t).clone();
                            float[] minus = current.get(t).clone();
                            plus[idx] += eps;
                            minus[idx] -= eps;
                            double lp = scalar(s, targets, replace(current, t, plus), loss);
                            double lm = scalar(s, targets, replace(current, t, minus), loss);
                            double numeric = (lp - lm) / (2 * eps);
                            double err = Math.abs(numeric - analytic[idx]);
                            String what = t == 0 ? "input" : store.trainable().get(t - 1).name();
                            assertTrue(err <= tolerance * Math.max(1.0, Math.abs(numeric)),
                                    what + shape + "[" + idx + "]: analytic " + analytic[idx] + " vs numeric " + numeric);
                        }
                    }
                }
                assertTrue(outSize > 0);
            }
        }
    }

    private static List<float[]> replace(List<float[]> values, int i, float[] v) {
        List<float[]> out = new ArrayList<>(values);
        out.set(i, v);
        return out;
    }

    private static float[] values(Shape shape, Random random) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static TFloat32 tensor(Shape shape, float[] v) {
        return TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
    }

    /** A parameter's current value: its read does not depend on the input. */
    private static float[] fetch(Session s, Operand<TFloat32> what) {
        try (Result r = s.runner().fetch(what).run()) {
            return GraphRun.floats(r.get(0));
        }
    }

    private static float[] fetchWithFeeds(Session s, List<Operand<TFloat32>> targets, List<float[]> values, Output<?> what) {
        Session.Runner runner = s.runner();
        List<TFloat32> feeds = feed(runner, targets, values);
        try (Result r = runner.fetch(what).run()) {
            return GraphRun.floats(r.get(0));
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    private static double scalar(Session s, List<Operand<TFloat32>> targets, List<float[]> values, Operand<TFloat32> what) {
        Session.Runner runner = s.runner();
        List<TFloat32> feeds = feed(runner, targets, values);
        try (Result r = runner.fetch(what).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    private static List<TFloat32> feed(Session.Runner runner, List<Operand<TFloat32>> targets, List<float[]> values) {
        List<TFloat32> feeds = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            TFloat32 t = tensor(targets.get(i).asOutput().shape(), values.get(i));
            feeds.add(t);
            runner.feed(targets.get(i), t);
        }
        return feeds;
    }

}
