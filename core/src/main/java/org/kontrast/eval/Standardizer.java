package org.kontrast.eval;

/** Per-feature mean and standard deviation of a training set, applied to any set. */
public final class Standardizer {
    /** Features whose deviation is below this are only centred (constant features). */
    private static final double MIN_STD = 1e-6;

    private final float[] mean;
    private final float[] invStd;

    private Standardizer(float[] mean, float[] invStd) {
        this.mean = mean;
        this.invStd = invStd;
    }

    public static Standardizer fit(Features f) {
        double[] sum = new double[f.dim()];
        double[] sq = new double[f.dim()];
        for (int i = 0; i < f.n(); i++) {
            for (int j = 0; j < f.dim(); j++) {
                double v = f.get(i, j);
                sum[j] += v;
                sq[j] += v * v;
            }
        }
        float[] mean = new float[f.dim()];
        float[] inv = new float[f.dim()];
        for (int j = 0; j < f.dim(); j++) {
            double m = sum[j] / f.n();
            double var = Math.max(0, sq[j] / f.n() - m * m);
            double sd = Math.sqrt(var);
            mean[j] = (float) m;
            inv[j] = (float) (sd < MIN_STD ? 1.0 : 1.0 / sd);
        }
        return new Standardizer(mean, inv);
    }

    public Features apply(Features f) {
        float[] out = new float[f.data().length];
        for (int i = 0; i < f.n(); i++) {
            int base = i * f.dim();
            for (int j = 0; j < f.dim(); j++) {
                out[base + j] = (f.data()[base + j] - mean[j]) * invStd[j];
            }
        }
        return new Features(out, f.n(), f.dim());
    }
}
