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

    /** Rows {@code [from, to)}. */
    public Features rows(int from, int to) {
        return new Features(java.util.Arrays.copyOfRange(data, from * dim, to * dim), to - from, dim);
    }
}
