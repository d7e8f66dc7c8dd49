package org.kontrast.eval;

import java.util.Arrays;
import org.kontrast.data.Batches;

/**
 * Linear evaluation: multinomial logistic regression on standardised frozen
 * features, trained to convergence with L-BFGS. The weight decay is chosen on a
 * held-out tenth of (at most {@link #SELECTION_SIZE} images of) the training set;
 * the probe is then refitted on all of it, warm-started from the chosen fit, and
 * scored on the test split. The protocol of Kolesnikov, Zhai and Beyer, "Revisiting
 * Self-Supervised Visual Representation Learning", CVPR 2019 (L-BFGS logistic
 * regression, as also in SimCLR's appendix B.6 for transfer).
 */
public final class LinearProbe {
    public static final double[] WEIGHT_DECAYS_DEFAULT = {1e-4, 1e-3, 1e-2};
    public static final double VALIDATION_FRACTION = 0.1;
    /** Selecting the decay on more images changes the choice little and costs a fit per candidate. */
    public static final int SELECTION_SIZE = 10000;
    public static final int MAX_ITERATIONS_DEFAULT = 200;
    public static final double GRADIENT_TOLERANCE = 1e-4;
    public static final double VALUE_TOLERANCE = 1e-9;
    private static final long SPLIT_SEED = 0x5EEDL;

    private final double[] weightDecays;
    private final int maxIterations;
    private final int threads;

    public LinearProbe(double[] weightDecays, int maxIterations, int threads) {
        if (weightDecays.length == 0) {
            throw new IllegalArgumentException("eval.linearProbe.weightDecays must not be empty");
        }
        for (double wd : weightDecays) {
            if (!(wd >= 0) || Double.isInfinite(wd)) {
                throw new IllegalArgumentException("eval.linearProbe.weightDecays must be >= 0, got " + wd);
            }
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("eval.linearProbe.maxIterations must be >= 1, got " + maxIterations);
        }
        this.weightDecays = weightDecays.clone();
        this.maxIterations = maxIterations;
        this.threads = threads;
    }

    /** What the probe found. */
    public record Result(double testAccuracy, double trainAccuracy, double weightDecay, int iterations, boolean converged) {
    }

    public Result evaluate(Features train, int[] trainLabels, Features test, int[] testLabels, int classes) {
        Standardizer scaler = Standardizer.fit(train);
        Features xTrain = scaler.apply(train);
        Features xTest = scaler.apply(test);
        double best = weightDecays[0];
        double[] start = null;
        if (weightDecays.length > 1) {
            int[] perm = Arrays.copyOf(Batches.permutation(SPLIT_SEED, train.n()), Math.min(train.n(), SELECTION_SIZE));
            int nVal = Math.max(1, (int) Math.round(perm.length * VALIDATION_FRACTION));
            int[] fitIdx = Arrays.copyOfRange(perm, nVal, perm.length);
            int[] valIdx = Arrays.copyOfRange(perm, 0, nVal);
            Features fitX = select(xTrain, fitIdx);
            Features valX = select(xTrain, valIdx);
            int[] fitY = select(trainLabels, fitIdx);
            int[] valY = select(trainLabels, valIdx);
            double bestAcc = -1;
            for (double wd : weightDecays) {
                double[] params = fit(fitX, fitY, classes, wd, null).x();
                double acc = accuracy(params, valX, valY, classes);
                if (acc > bestAcc) {
                    bestAcc = acc;
                    best = wd;
                    start = params;
                }
            }
        }
        Lbfgs.Result fit = fit(xTrain, trainLabels, classes, best, start);
        return new Result(accuracy(fit.x(), xTest, testLabels, classes), accuracy(fit.x(), xTrain, trainLabels, classes),
                best, fit.iterations(), fit.converged());
    }

    private Lbfgs.Result fit(Features x, int[] y, int classes, double wd, double[] start) {
        try (SoftmaxObjective objective = new SoftmaxObjective(x, y, classes, wd, threads)) {
            double[] x0 = start == null ? new double[objective.size()] : start;
            return Lbfgs.minimize(objective, x0, maxIterations, GRADIENT_TOLERANCE, VALUE_TOLERANCE);
        }
    }

    /** Share of rows whose arg-max of x W + b is the label. */
    static double accuracy(double[] params, Features x, int[] y, int classes) {
        int d = x.dim();
        int correct = 0;
        double[] scores = new double[classes];
        for (int i = 0; i < x.n(); i++) {
            for (int c = 0; c < classes; c++) {
                scores[c] = params[d * classes + c];
            }
            int base = i * d;
            for (int j = 0; j < d; j++) {
                double v = x.data()[base + j];
                int row = j * classes;
                for (int c = 0; c < classes; c++) {
                    scores[c] += v * params[row + c];
                }
            }
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[c] > scores[arg]) {
                    arg = c;
                }
            }
            if (arg == y[i]) {
                correct++;
            }
        }
        return (double) correct / x.n();
    }

    private static Features select(Features f, int[] idx) {
        float[] out = new float[idx.length * f.dim()];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(f.data(), idx[i] * f.dim(), out, i * f.dim(), f.dim());
        }
        return new Features(out, idx.length, f.dim());
    }

    private static int[] select(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }
}
