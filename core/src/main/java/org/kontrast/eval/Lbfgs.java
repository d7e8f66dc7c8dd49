package org.kontrast.eval;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex
 * objectives such as the linear probe. Nocedal and Wright, "Numerical
 * Optimization", 2nd ed., algorithms 7.4 (two-loop recursion) and 3.1.
 */
public final class Lbfgs {
    public static final int HISTORY_DEFAULT = 10;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 30;

    /** The objective at a point: fills {@code grad} and returns the value. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** Where the search stopped and why. */
    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private Lbfgs() {
    }

    /**
     * Minimises from {@code x0} until the gradient's max-norm is below {@code gradTolerance},
     * the relative decrease of a step is below {@code valueTolerance}, or {@code maxIterations}.
     */
    public static Result minimize(Objective f, double[] x0, int maxIterations, double gradTolerance, double valueTolerance) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        Deque<double[][]> history = new ArrayDeque<>();
        for (int it = 0; it < maxIterations; it++) {
            if (maxAbs(g) < gradTolerance) {
                return new Result(x, fx, it, true);
            }
            double[] d = direction(g, history);
            double slope = dot(g, d);
            if (slope >= 0) {
                // Not a descent direction (curvature pairs went stale): restart from steepest descent.
                history.clear();
                d = negate(g);
                slope = dot(g, d);
            }
            double step = history.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(dot(g, g))) : 1.0;
            double[] xNew = new double[n];
            double[] gNew = new double[n];
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k < MAX_BACKTRACKS; k++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f.evaluate(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                return new Result(x, fx, it, false);
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            if (dot(s, y) > 1e-12) {
                history.addLast(new double[][] {s, y});
                if (history.size() > HISTORY_DEFAULT) {
                    history.removeFirst();
                }
            }
            double decrease = fx - fNew;
            x = xNew;
            g = gNew;
            double previous = fx;
            fx = fNew;
            if (decrease <= valueTolerance * Math.max(1.0, Math.abs(previous))) {
                return new Result(x, fx, it + 1, true);
            }
        }
        return new Result(x, fx, maxIterations, false);
    }

    private static double[] direction(double[] g, Deque<double[][]> history) {
        double[] q = g.clone();
        int m = history.size();
        double[] alpha = new double[m];
        double[][][] pairs = history.toArray(new double[0][][]);
        for (int i = m - 1; i >= 0; i--) {
            double rho = 1.0 / dot(pairs[i][1], pairs[i][0]);
            alpha[i] = rho * dot(pairs[i][0], q);
            axpy(-alpha[i], pairs[i][1], q);
        }
        if (m > 0) {
            double[] s = pairs[m - 1][0];
            double[] y = pairs[m - 1][1];
            double gamma = dot(s, y) / dot(y, y);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int i = 0; i < m; i++) {
            double rho = 1.0 / dot(pairs[i][1], pairs[i][0]);
            double beta = rho * dot(pairs[i][1], q);
            axpy(alpha[i] - beta, pairs[i][0], q);
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
