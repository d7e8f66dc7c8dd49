package org.kontrast.eval;

import org.kontrast.loss.NtXentLoss;
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
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Weighted k-nearest-neighbour classification on L2-normalised features: each of
 * the k most cosine-similar training samples votes for its class with weight
 * exp(s / t). Wu et al., "Unsupervised Feature Learning via Non-Parametric
 * Instance Discrimination", CVPR 2018, sec. 3.4 (k = 200, t = 0.07; solo-learn
 * and lightly use t = 0.1).
 */
public final class KnnClassifier {
    public static final int K_DEFAULT = 200;
    public static final double TEMPERATURE_DEFAULT = 0.1;
    private static final int CHUNK = 256;

    private final int k;
    private final double temperature;
    private final int threads;

    public KnnClassifier(int k, double temperature, int threads) {
        if (k < 1) {
            throw new IllegalArgumentException("eval.knn.k must be >= 1, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("eval.knn.temperature must be > 0, got " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
        this.threads = threads;
    }

    /** Accuracy on the test rows. */
    public double accuracy(Features train, int[] trainLabels, Features test, int[] testLabels, int classes) {
        int[] predicted = predict(train, trainLabels, test, classes);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == testLabels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    public int[] predict(Features train, int[] trainLabels, Features test, int classes) {
        int kk = Math.min(k, train.n());
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            // Fed, not a constant: grappler spends seconds on a large constant before the first run.
            // Its rows are unit length already (unitRows); the queries are normalised in the graph.
            Placeholder<TFloat32> bank = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(train.n(), train.dim())));
            Operand<TInt32> labels = tf.constant(Shape.of(train.n()), DataBuffers.of(trainLabels, true, false));
            Placeholder<TFloat32> query = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, test.dim())));
            Operand<TFloat32> sims = tf.linalg.matMul(NtXentLoss.l2Normalize(tf, query), bank, MatMul.transposeB(true));
            var top = tf.nn.topK(sims, tf.constant(kk), TInt32.class);
            Operand<TFloat32> weights = tf.math.exp(tf.math.div(top.values(), tf.constant((float) temperature)));
            Operand<TFloat32> votes = tf.oneHot(tf.gather(labels, top.indices(), tf.constant(0)), tf.constant(classes),
                    tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> scores = tf.reduceSum(tf.math.mul(votes, tf.expandDims(weights, tf.constant(-1))), tf.constant(1));
            Operand<TInt64> prediction = tf.math.argMax(scores, tf.constant(1));
            int[] out = new int[test.n()];
            try (Session s = new Session(g, TfRuntime.sessionConfig(threads));
                 TFloat32 bankData = TFloat32.tensorOf(Shape.of(train.n(), train.dim()),
                         DataBuffers.of(unitRows(train).data(), true, false))) {
                for (int from = 0; from < test.n(); from += CHUNK) {
                    int to = Math.min(test.n(), from + CHUNK);
                    Features chunk = test.rows(from, to);
                    try (TFloat32 q = TFloat32.tensorOf(Shape.of(to - from, test.dim()), DataBuffers.of(chunk.data(), true, false));
                         Result r = s.runner().feed(bank, bankData).feed(query, q).fetch(prediction).run()) {
                        TInt64 p = (TInt64) r.get(0);
                        for (int i = 0; i < to - from; i++) {
                            out[from + i] = (int) p.getLong(i);
                        }
                    }
                }
            }
            return out;
        }
    }

    /** Rows scaled to unit length, once, in Java. */
    private static Features unitRows(Features f) {
        float[] out = new float[f.data().length];
        for (int i = 0; i < f.n(); i++) {
            double sq = 0;
            for (int j = 0; j < f.dim(); j++) {
                double v = f.get(i, j);
                sq += v * v;
            }
            float inv = (float) (1.0 / Math.sqrt(Math.max(sq, 1e-12)));
            for (int j = 0; j < f.dim(); j++) {
                out[i * f.dim() + j] = f.get(i, j) * inv;
            }
        }
        return new Features(out, f.n(), f.dim());
    }
}
