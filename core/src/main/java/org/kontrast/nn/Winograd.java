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
 * Algorithms for Convolutional Neural Networks", CVPR 2016, section 4.2 (the matrices below).
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
     * 1. Tiles are gathered across the whole batch with the transform points outermost, so each transform is one
     * MatMul by a constant Kronecker matrix and the products one BatchMatMul, with no transposes on the input side.
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

        Operand<TInt32> batch = tf.gather(tf.shape(padded), tf.constant(0), tf.constant(0));
        Operand<TInt32> first = tf.math.mul(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(paddedH * paddedW));
        Operand<TInt32> at = tf.math.add(
                tf.expandDims(tf.constant(tileIndex(tilesH, tilesW, paddedW)), tf.constant(1)),
                tf.reshape(first, tf.constant(new int[] {1, -1, 1})));
        Operand<TFloat32> tiles = tf.gather(tf.reshape(padded, tf.constant(new long[] {-1, in})), at, tf.constant(0));
        Operand<TFloat32> v = tf.linalg.matMul(kronecker(tf, B_T), tf.reshape(tiles, tf.constant(new long[] {ALPHA * ALPHA, -1})));
        Operand<TFloat32> u = tf.linalg.matMul(kronecker(tf, G), tf.reshape(kernel, tf.constant(new long[] {KERNEL * KERNEL, -1})));
        Operand<TFloat32> m = tf.train.batchMatMul(
                tf.reshape(v, tf.constant(new long[] {ALPHA * ALPHA, -1, in})),
                tf.reshape(u, tf.constant(new long[] {ALPHA * ALPHA, in, out})), TFloat32.class);
        Operand<TFloat32> y = tf.linalg.matMul(kronecker(tf, A_T), tf.reshape(m, tf.constant(new long[] {ALPHA * ALPHA, -1})));
        Operand<TFloat32> map = tf.reshape(
                tf.linalg.transpose(tf.reshape(y, tf.constant(new long[] {TILE, TILE, -1, tilesH, tilesW, out})),
                        tf.constant(new int[] {2, 3, 0, 4, 1, 5})),
                tf.constant(new long[] {-1, (long) tilesH * TILE, (long) tilesW * TILE, out}));
        if (outH == tilesH * TILE && outW == tilesW * TILE) {
            return map;
        }
        return tf.slice(map, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, outH, outW, -1}));
    }

    /** For each of the 36 tile points, row-major, the pixel each tile reads it from in one padded image. */
    private static int[][] tileIndex(int tilesH, int tilesW, int paddedW) {
        int[][] index = new int[ALPHA * ALPHA][tilesH * tilesW];
        for (int a = 0; a < ALPHA; a++) {
            for (int b = 0; b < ALPHA; b++) {
                for (int ty = 0; ty < tilesH; ty++) {
                    for (int tx = 0; tx < tilesW; tx++) {
                        index[a * ALPHA + b][ty * tilesW + tx] = (ty * TILE + a) * paddedW + tx * TILE + b;
                    }
                }
            }
        }
        return index;
    }

    /** M ⊗ M, so that M X Mᵀ on a row-major flattened X is one product: (M ⊗ M) vec(X). */
    private static Operand<TFloat32> kronecker(Ops tf, double[][] matrix) {
        int rows = matrix.length;
        int cols = matrix[0].length;
        float[][] k = new float[rows * rows][cols * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                for (int p = 0; p < cols; p++) {
                    for (int q = 0; q < cols; q++) {
                        k[i * rows + j][p * cols + q] = (float) (matrix[i][p] * matrix[j][q]);
                    }
                }
            }
        }
        return tf.constant(k);
    }
}
