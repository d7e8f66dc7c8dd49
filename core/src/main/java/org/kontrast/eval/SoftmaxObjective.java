package org.kontrast.eval;

import org.kontrast.runtime.TensorValues;
import org.kontrast.runtime.TfRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Multinomial logistic regression's objective on fixed data, evaluated in a TF
 * graph: mean cross entropy + (lambda / 2) ||W||^2 (bias not decayed), with its
 * closed-form gradient X^T (P - Y) / n + lambda W. Parameters are [W (d x k), b (k)].
 * The data are fed as tensors made once: as graph constants, grappler spends
 * seconds on a 100 MB matrix before the first run.
 */
final class SoftmaxObjective implements Lbfgs.Objective, AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> xs;
    private final Placeholder<TFloat32> ys;
    private final TFloat32 xData;
    private final TFloat32 yData;
    private final Placeholder<TFloat32> w;
    private final Placeholder<TFloat32> b;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> gradW;
    private final Operand<TFloat32> gradB;
    private final int dim;
    private final int classes;

    SoftmaxObjective(Features x, int[] labels, int classes, double weightDecay, int threads) {
        this.dim = x.dim();
        this.classes = classes;
        Ops tf = Ops.create(graph);
        float[] onehot = new float[x.n() * classes];
        for (int i = 0; i < x.n(); i++) {
            onehot[i * classes + labels[i]] = 1f;
        }
        xs = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(x.n(), dim)));
        ys = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(x.n(), classes)));
        xData = TFloat32.tensorOf(Shape.of(x.n(), dim), DataBuffers.of(x.data(), true, false));
        yData = TFloat32.tensorOf(Shape.of(x.n(), classes), DataBuffers.of(onehot, true, false));
        w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(dim, classes)));
        b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(classes)));
        Operand<TFloat32> lambda = tf.constant((float) weightDecay);
        Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(xs, w), b);
        Operand<TFloat32> ce = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, ys).loss(), tf.constant(0));
        Operand<TFloat32> l2 = tf.math.mul(tf.math.mul(lambda, tf.constant(0.5f)),
                tf.reduceSum(tf.math.square(w), tf.constant(new int[] {0, 1})));
        loss = tf.math.add(ce, l2);
        Operand<TFloat32> residual = tf.math.div(tf.math.sub(tf.nn.softmax(logits), ys), tf.constant((float) x.n()));
        gradW = tf.math.add(tf.linalg.matMul(xs, residual, MatMul.transposeA(true)), tf.math.mul(lambda, w));
        gradB = tf.reduceSum(residual, tf.constant(0));
        session = new Session(graph, TfRuntime.sessionConfig(threads));
    }

    int size() {
        return dim * classes + classes;
    }

    @Override
    public double evaluate(double[] params, double[] grad) {
        float[] wf = new float[dim * classes];
        float[] bf = new float[classes];
        for (int i = 0; i < wf.length; i++) {
            wf[i] = (float) params[i];
        }
        for (int i = 0; i < classes; i++) {
            bf[i] = (float) params[wf.length + i];
        }
        try (TFloat32 wt = TFloat32.tensorOf(Shape.of(dim, classes), DataBuffers.of(wf, true, false));
             TFloat32 bt = TFloat32.tensorOf(Shape.of(classes), DataBuffers.of(bf, true, false));
             Result r = session.runner().feed(xs, xData).feed(ys, yData).feed(w, wt).feed(b, bt).fetch(loss).fetch(gradW).fetch(gradB).run()) {
            float[] gw = TensorValues.floats(r.get(1));
            float[] gb = TensorValues.floats(r.get(2));
            for (int i = 0; i < gw.length; i++) {
                grad[i] = gw[i];
            }
            for (int i = 0; i < classes; i++) {
                grad[gw.length + i] = gb[i];
            }
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    @Override
    public void close() {
        xData.close();
        yData.close();
        session.close();
        graph.close();
    }
}
