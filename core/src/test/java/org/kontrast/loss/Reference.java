package org.kontrast.loss;

import java.util.Random;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Double-precision building blocks for writing each loss out independently of TensorFlow, and a runner for the graph side. */
final class Reference {
    private Reference() {
    }

    /** Evaluates a scalar loss built from constant inputs. */
    static float value(BiFunction<Ops, Operand<TFloat32>[], Operand<TFloat32>> loss, float[][]... inputs) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            @SuppressWarnings("unchecked")
            Operand<TFloat32>[] ops = new Operand[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                ops[i] = tf.constant(inputs[i]);
            }
            try (Session s = new Session(g); var r = s.runner().fetch(loss.apply(tf, ops)).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }
    }

    static float[][] gaussian(int n, int d, long seed) {
        Random random = new Random(seed);
        float[][] z = new float[n][d];
        for (float[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return z;
    }

    static double[][] toDouble(float[][] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            out[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                out[i][j] = z[i][j];
            }
        }
        return out;
    }

    static double[][] unitRows(float[][] z) {
        double[][] u = toDouble(z);
        for (double[] row : u) {
            double norm = Math.sqrt(dot(row, row));
            for (int j = 0; j < row.length; j++) {
                row[j] /= norm;
            }
        }
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Columns centred and divided by sqrt(population variance + eps). */
    static double[][] standardize(float[][] z, double eps) {
        double[][] x = toDouble(z);
        int n = x.length;
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / n;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / n;
            }
            for (double[] row : x) {
                row[j] = (row[j] - mean) / Math.sqrt(var + eps);
            }
        }
        return x;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
