package org.kontrast.eval;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.data.Batches;
import org.kontrast.nn.Parameter;
import org.kontrast.nn.ParameterStore;
import org.kontrast.runtime.TfRuntime;
import org.kontrast.train.Adam;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * How a trained probe on frozen features is fitted and scored: standardised features,
 * softmax cross-entropy, Adam in shuffled mini-batches for a number of epochs, then test
 * accuracy. Seeded, so the same features give the same accuracy. The probe itself is
 * whatever {@link Classifier} builds.
 */
final class ProbeTraining {
    static final int BATCH = 256;
    static final double LEARNING_RATE = 1e-3;
    private static final long SEED = 0x5EEDL;

    /** Builds a probe's logits [n, classes] from standardised features [n, d]. */
    @FunctionalInterface
    interface Classifier {
        Operand<TFloat32> logits(ParameterStore store, Operand<TFloat32> features, int classes);
    }

    private ProbeTraining() {
    }

    static double accuracy(Classifier classifier, Features train, int[] trainLabels, Features test, int[] testLabels, int classes,
                           int epochs, int threads) {
        Standardizer scaler = Standardizer.fit(train);
        Features xTrain = scaler.apply(train);
        Features xTest = scaler.apply(test);
        int d = train.dim();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParameterStore store = new ParameterStore(tf, SEED);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
            Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> step = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Operand<TFloat32> logits = classifier.logits(store, x, classes);
            Operand<TFloat32> labels = tf.oneHot(y, tf.constant(classes), tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
            List<Parameter> params = store.trainable();
            Output<?>[] grads = g.addGradients(loss.asOutput(), params.stream().map(p -> p.read().asOutput()).toArray(Output<?>[]::new));
            List<Operand<TFloat32>> gs = new ArrayList<>();
            List<org.tensorflow.Operation> gradOps = new ArrayList<>();
            for (Output<?> o : grads) {
                @SuppressWarnings("unchecked")
                Output<TFloat32> gr = (Output<TFloat32>) o;
                gs.add(gr);
                gradOps.add(gr.op());
            }
            Op update = new Adam()
                    .apply(tf.withControlDependencyOps(gradOps), store, params, gs, tf.constant((float) LEARNING_RATE), step);
            Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
            try (Session s = new Session(g, TfRuntime.sessionConfig(threads))) {
                int n = xTrain.n();
                long t = 0;
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int[] order = Batches.permutation(SEED + epoch, n);
                    for (int from = 0; from < n; from += BATCH) {
                        int count = Math.min(BATCH, n - from);
                        try (TFloat32 xb = rows(xTrain, order, from, count);
                             TInt32 yb = labels(trainLabels, order, from, count);
                             TFloat32 st = TFloat32.scalarOf(++t)) {
                            s.runner().feed(x, xb).feed(y, yb).feed(step, st).addTarget(update).run();
                        }
                    }
                }
                int correct = 0;
                int[] all = new int[xTest.n()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                for (int from = 0; from < all.length; from += BATCH) {
                    int count = Math.min(BATCH, all.length - from);
                    try (TFloat32 xb = rows(xTest, all, from, count); Result r = s.runner().feed(x, xb).fetch(predicted).run()) {
                        TInt32 p = (TInt32) r.get(0);
                        for (int i = 0; i < count; i++) {
                            if (p.getInt(i) == testLabels[from + i]) {
                                correct++;
                            }
                        }
                    }
                }
                return (double) correct / xTest.n();
            }
        }
    }

    private static TFloat32 rows(Features f, int[] order, int from, int count) {
        int d = f.dim();
        float[] out = new float[count * d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(f.data(), order[from + i] * d, out, i * d, d);
        }
        return TFloat32.tensorOf(Shape.of(count, d), DataBuffers.of(out, true, false));
    }

    private static TInt32 labels(int[] y, int[] order, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = y[order[from + i]];
        }
        return TInt32.vectorOf(out);
    }
}
