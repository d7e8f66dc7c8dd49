package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A 3x3 stride-1 convolution by Winograd's minimal filtering F(4x4, 3x3): every 6x6 input tile and the kernel are
 * taken to a 36-point transform domain, multiplied there as 36 channel-by-channel matrix products, and brought back
 * as a 4x4 output tile: 36 multiplies for 16 outputs where the direct convolution does 144. Lavin and Gray, "Fast
 * Algorithms for Convolutional Neural Networks", CVPR 2016, section 4 (the F(4x4, 3x3) matrices below).
 */
final class Winograd {
    /** Output tile side m of F(m x m, 3x3). */
    static final int TILE = 4;
    static final int KERNEL = 3;
    /** Input tile side, m + r - 1. */
    static final int ALPHA = TILE + KERNEL - 1;

    private static final double[][] B_T = {
            {4, 0, -5, 0, 1, 0},
            {0, -4, -4, 1, 1, 0},
            {0, 4, -4, -1, 1, 0},
            {0, -2, -1, 2, 1, 0},
            {0, 2, -1, -2, 1, 0},
            {0, 4, 0, -5, 0, 1}};
    private static final double[][] G = {
            {1 / 4.0, 0, 0},
            {-1 / 6.0, -1 / 6.0, -1 / 6.0},
            {-1 / 6.0, 1 / 6.0, -1 / 6.0},
            {1 / 24.0, 1 / 12.0, 1 / 6.0},
            {1 / 24.0, -1 / 12.0, 1 / 6.0},
            {0, 0, 1}};
    private static final double[][] A_T = {
            {1, 1, 1, 1, 1, 0},
            {0, 1, -1, 2, -2, 0},
            {0, 1, 1, 4, 4, 0},
            {0, 1, -1, 8, -8, 1}};

    private Winograd() {
    }

    /**
     * The convolution of NHWC {@code x}, whose height and width are known, with an HWIO 3x3 {@code kernel} at stride
     * 1. Each transform is applied separably, one 6-point side at a time, to data laid out with the transform points
     * outermost, so that it is one small constant matrix times a tall one: with the 36x36 Kronecker form instead,
     * whose product ran at a fifth of the MatMul rate, the layer took 1.16 times as long at 256 channels on 8x8. The
     * transform domain is indexed column point first, (j, i), as the second side's transform leaves it.
     */
    static Operand<TFloat32> conv3x3(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Padding padding) {
        Shape s = x.shape();
        int h = (int) s.size(1);
        int w = (int) s.size(2);
        long in = kernel.shape().size(2);
        long out = kernel.shape().size(3);
        int outH = Conv2d.outputSize(h, KERNEL, 1, padding);
        int outW = Conv2d.outputSize(w, KERNEL, 1, padding);
        int tilesH = (outH + TILE - 1) / TILE;
        int tilesW = (outW + TILE - 1) / TILE;
        int paddedH = tilesH * TILE + KERNEL - 1;
        int paddedW = tilesW * TILE + KERNEL - 1;
        int before = padding == Padding.SAME ? (KERNEL - 1) / 2 : 0;
        Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {
                {0, 0}, {before, paddedH - h - before}, {before, paddedW - w - before}, {0, 0}}), tf.constant(0f));
        Operand<TInt32> batch = Conv2d.batchSize(tf, padded);

        // Row point a of tile row ty in image n: padded row 4 ty + a, whole width. [6(a), N, tilesH, paddedW * in]
        Operand<TInt32> rowAt = tf.math.add(tf.constant(rowIndex(tilesH)), Conv2d.scaledRange(tf, batch, paddedH, 1, 3));
        Operand<TFloat32> rows = tf.gather(tf.reshape(padded, tf.constant(new long[] {-1, paddedW * in})), rowAt, tf.constant(0));
        Operand<TFloat32> strips = leftMultiply(tf, B_T, rows);
        // Column point b of tile column tx in strip (i, n, ty): pixel 4 tx + b. [6(b), 6(i), N, tiles, in]
        int strip = tilesH * paddedW;
        Operand<TInt32> colAt = tf.math.add(tf.math.add(tf.constant(columnIndex(tilesH, tilesW, paddedW)),
                Conv2d.scaledRange(tf, tf.constant(ALPHA), tf.math.mul(batch, tf.constant(strip)), 1, 4)),
                Conv2d.scaledRange(tf, batch, strip, 2, 4));
        Operand<TFloat32> tiles = tf.gather(tf.reshape(strips, tf.constant(new long[] {-1, in})), colAt, tf.constant(0));
        Operand<TFloat32> v = leftMultiply(tf, B_T, tiles);

        Operand<TFloat32> u = tf.linalg.matMul(kernelTransform(tf), tf.reshape(kernel, tf.constant(new long[] {KERNEL * KERNEL, -1})));
        Operand<TFloat32> m = tf.train.batchMatMul(
                tf.reshape(v, tf.constant(new long[] {ALPHA * ALPHA, -1, in})),
                tf.reshape(u, tf.constant(new long[] {ALPHA * ALPHA, in, out})), TFloat32.class);
        // Back along j, then along i as a product broadcast over the 4 output columns q. [4(q), 4(p), N, tiles, out]
        Operand<TFloat32> half = tf.reshape(leftMultiply(tf, A_T, m), tf.constant(new long[] {TILE, ALPHA, -1}));
        Operand<TFloat32> y = tf.train.batchMatMul(tf.constant(new float[][][] {floats(A_T)}), half, TFloat32.class);
        Operand<TFloat32> map = tf.reshape(
                tf.linalg.transpose(tf.reshape(y, tf.constant(new long[] {TILE, TILE, -1, tilesH, tilesW, out})),
                        tf.constant(new int[] {2, 3, 1, 4, 0, 5})),
                tf.constant(new long[] {-1, (long) tilesH * TILE, (long) tilesW * TILE, out}));
        if (outH == tilesH * TILE && outW == tilesW * TILE) {
            return map;
        }
        return tf.slice(map, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, outH, outW, -1}));
    }

    /** matrix times t with t's leading axis (of matrix's column count) contracted: [rows, everything else]. */
    private static Operand<TFloat32> leftMultiply(Ops tf, double[][] matrix, Operand<TFloat32> t) {
        return tf.linalg.matMul(tf.constant(floats(matrix)), tf.reshape(t, tf.constant(new long[] {matrix[0].length, -1})));
    }

    /** [6(a), 1, tilesH]: the padded row that row point a of tile row ty reads, within one image. */
    private static int[][][] rowIndex(int tilesH) {
        int[][][] index = new int[ALPHA][1][tilesH];
        for (int a = 0; a < ALPHA; a++) {
            for (int ty = 0; ty < tilesH; ty++) {
                index[a][0][ty] = ty * TILE + a;
            }
        }
        return index;
    }

    /** [6(b), 1, 1, tiles]: the pixel that column point b of tile (ty, tx) reads, within one image's strips. */
    private static int[][][][] columnIndex(int tilesH, int tilesW, int paddedW) {
        int[][][][] index = new int[ALPHA][1][1][tilesH * tilesW];
        for (int b = 0; b < ALPHA; b++) {
            for (int ty = 0; ty < tilesH; ty++) {
                for (int tx = 0; tx < tilesW; tx++) {
                    index[b][0][0][ty * tilesW + tx] = ty * paddedW + tx * TILE + b;
                }
            }
        }
        return index;
    }

    /** G g Gᵀ for every kernel g at once: row (j, i) of the 36x9 map from the kernel's row-major 3x3 entries. */
    private static Operand<TFloat32> kernelTransform(Ops tf) {
        float[][] k = new float[ALPHA * ALPHA][KERNEL * KERNEL];
        for (int i = 0; i < ALPHA; i++) {
            for (int j = 0; j < ALPHA; j++) {
                for (int p = 0; p < KERNEL; p++) {
                    for (int q = 0; q < KERNEL; q++) {
                        k[j * ALPHA + i][p * KERNEL + q] = (float) (G[i][p] * G[j][q]);
                    }
                }
            }
        }
        return tf.constant(k);
    }

    private static float[][] floats(double[][] matrix) {
        float[][] f = new float[matrix.length][matrix[0].length];
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[0].length; j++) {
                f[i][j] = (float) matrix[i][j];
            }
        }
        return f;
    }
}
