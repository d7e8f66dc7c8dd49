package org.kontrast.eval;

/**
 * n feature vectors of width dim, row-major. Immutable by convention: the
 * evaluation code never writes into a Features it was given.
 */
public record Features(float[] data, int n, int dim) {
    public Features {
        if ((long) n * dim != data.length) {
            throw new IllegalArgumentException("features: " + data.length + " values are not " + n + " x " + dim);
        }
    }

    public float get(int row, int col) {
        return data[row * dim + col];
    }

    /** Columns {@code [from, to)} of every row. */
    public Features columns(int from, int to) {
        if (from < 0 || to > dim || to <= from) {
            throw new IllegalArgumentException("features: columns " + from + ".." + to + " are not within 0.." + dim);
        }
        float[] out = new float[n * (to - from)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * dim + from, out, i * (to - from), to - from);
        }
        return new Features(out, n, to - from);
    }

    /** Rows {@code [from, to)}. */
    public Features rows(int from, int to) {
        return new Features(java.util.Arrays.copyOfRange(data, from * dim, to * dim), to - from, dim);
    }
}
