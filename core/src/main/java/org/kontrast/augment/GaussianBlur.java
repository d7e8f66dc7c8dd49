package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gaussian blur with sigma ~ U[sigmaMin, sigmaMax] per image, applied with
 * probability p. SimCLR, appendix A: kernel 10% of the image side, sigma in
 * [0.1, 2.0], p = 0.5. Each image has its own sigma, so the separable blur is two
 * batched matrix products with per-image banded Gaussian matrices (rows
 * renormalised at the border) rather than a convolution with one kernel.
 */
public final class GaussianBlur implements Augmentation {
    public static final double SIGMA_MIN_DEFAULT = 0.1;
    public static final double SIGMA_MAX_DEFAULT = 2.0;
    public static final double KERNEL_FRACTION_DEFAULT = 0.1;
    public static final double P_DEFAULT = 0.5;

    private final double sigmaMin;
    private final double sigmaMax;
    private final double kernelFraction;
    private final double p;

    public GaussianBlur(double sigmaMin, double sigmaMax, double kernelFraction, double p) {
        if (!(sigmaMin > 0 && sigmaMin <= sigmaMax)) {
            throw new IllegalArgumentException("gaussianBlur.sigma must satisfy 0 < min <= max, got ["
                    + sigmaMin + ", " + sigmaMax + "]");
        }
        if (!(kernelFraction > 0 && kernelFraction <= 1)) {
            throw new IllegalArgumentException("gaussianBlur.kernelFraction must be in (0, 1], got " + kernelFraction);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("gaussianBlur.p must be in [0, 1], got " + p);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.kernelFraction = kernelFraction;
        this.p = p;
    }

    /** Kernel radius in pixels for a side: the odd kernel is 2r + 1 wide, at least 3. */
    static int radius(int side, double fraction) {
        return Math.max(1, (int) Math.round(side * fraction) / 2);
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        Operand<TInt32> n = Pixels.batchSize(tf, images);
        Operand<TFloat32> sigma = random.uniform(n, sigmaMin, sigmaMax);
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        Operand<TFloat32> bh = bandMatrix(tf, sigma, h);
        Operand<TFloat32> bw = h == w ? bh : bandMatrix(tf, sigma, w);
        // Along H: [N, H, H] x [N, H, W*C].
        Operand<TFloat32> y = tf.train.batchMatMul(bh, tf.reshape(images, tf.constant(new int[] {-1, h, w * c})), TFloat32.class);
        // Along W: move W to the front of each image, multiply, move it back.
        Operand<TFloat32> t = tf.linalg.transpose(tf.reshape(y, tf.constant(new int[] {-1, h, w, c})), tf.constant(new int[] {0, 2, 1, 3}));
        Operand<TFloat32> z = tf.train.batchMatMul(bw, tf.reshape(t, tf.constant(new int[] {-1, w, h * c})), TFloat32.class);
        Operand<TFloat32> blurred = tf.linalg.transpose(tf.reshape(z, tf.constant(new int[] {-1, w, h, c})), tf.constant(new int[] {0, 2, 1, 3}));
        return Pixels.choose(tf, random.bernoulli(n, p), Pixels.clip01(tf, blurred), images);
    }

    /** [N, side, side]: row i holds exp(-(i - j)^2 / 2 sigma^2) for |i - j| <= r, normalised to sum 1. */
    private Operand<TFloat32> bandMatrix(Ops tf, Operand<TFloat32> sigma, int side) {
        int r = radius(side, kernelFraction);
        float[][] d2 = new float[side][side];
        float[][] band = new float[side][side];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                d2[i][j] = (i - j) * (i - j);
                band[i][j] = Math.abs(i - j) <= r ? 1f : 0f;
            }
        }
        Operand<TFloat32> s = tf.reshape(sigma, tf.constant(new int[] {-1, 1, 1}));
        Operand<TFloat32> twoVar = tf.math.mul(tf.constant(2f), tf.math.square(s));
        Operand<TFloat32> g = tf.math.mul(tf.math.exp(tf.math.neg(tf.math.div(tf.constant(d2), twoVar))), tf.constant(band));
        return tf.math.div(g, tf.reduceSum(g, tf.constant(new int[] {2}), ReduceSum.keepDims(true)));
    }
}
