package org.kontrast.data;

import java.util.SplittableRandom;

/**
 * Seeded epoch orders. The order of epoch e depends only on (seed, e), so a
 * resumed run sees the same batches an uninterrupted one would.
 */
public final class Batches {
    private Batches() {
    }

    /** A permutation of [0, n) for one epoch. */
    public static int[] epochOrder(long seed, int epoch, int n) {
        return permutation(seed * 0x9E3779B97F4A7C15L + epoch, n);
    }

    /** A seeded permutation of [0, n) (Fisher-Yates on SplittableRandom). */
    public static int[] permutation(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Full batches per epoch: the last partial batch is dropped, as contrastive batches need equal size. */
    public static int stepsPerEpoch(int n, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("train.batchSize must be >= 1, got " + batchSize);
        }
        if (n < batchSize) {
            throw new IllegalArgumentException("train.batchSize " + batchSize + " is larger than the dataset (" + n + " images)");
        }
        return n / batchSize;
    }
}
