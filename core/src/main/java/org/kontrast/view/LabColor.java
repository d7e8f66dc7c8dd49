package org.kontrast.view;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * sRGB in [0, 1] to CIE L*a*b* (D65 white) inside the graph: the gamma curve undone,
 * a 3x3 matrix to XYZ, then the cube-root response. The constants are skimage's
 * {@code rgb2lab}, which CMC's code calls; the normalisation is CMC's, which maps L to
 * [-1, 1] and a, b to about [-1, 1]. Tian et al., "Contrastive Multiview Coding",
 * ECCV 2020, sec. 4.2.
 */
public final class LabColor {
    /** sRGB (linear) to XYZ, D65, rows X, Y, Z. */
    static final double[][] RGB_TO_XYZ = {
            {0.412453, 0.357580, 0.180423},
            {0.212671, 0.715160, 0.072169},
            {0.019334, 0.119193, 0.950227}};
    /** The D65 reference white, X_n, Y_n, Z_n. */
    static final double[] WHITE = {0.95047, 1.0, 1.08883};
    /** CMC's per-channel centre and half-range of L, a and b. */
    public static final double[] MEAN = {(0 + 100) / 2.0, (-86.183 + 98.233) / 2, (-107.857 + 94.478) / 2};
    public static final double[] STD = {(100 - 0) / 2.0, (86.183 + 98.233) / 2, (107.857 + 94.478) / 2};
    private static final double EPSILON = Math.pow(6.0 / 29, 3);

    private LabColor() {
    }

    /** [N, h, w, 3] sRGB in [0, 1] to L in [0, 100] and a, b in about [-128, 127]. */
    public static Operand<TFloat32> fromRgb(Ops tf, Operand<TFloat32> rgb) {
        Operand<TFloat32> c = tf.clipByValue(rgb, tf.constant(0f), tf.constant(1f));
        // Both branches are evaluated by select, so the power's base is kept positive in the one that is not taken.
        Operand<TFloat32> curve = tf.math.pow(tf.math.div(tf.math.add(c, tf.constant(0.055f)), tf.constant(1.055f)), tf.constant(2.4f));
        Operand<TFloat32> linear = tf.select(tf.math.greater(c, tf.constant(0.04045f)), curve, tf.math.div(c, tf.constant(12.92f)));
        float[][] m = new float[3][3];
        for (int out = 0; out < 3; out++) {
            for (int in = 0; in < 3; in++) {
                // Each XYZ row is divided by its white point, so white maps to (1, 1, 1).
                m[in][out] = (float) (RGB_TO_XYZ[out][in] / WHITE[out]);
            }
        }
        Operand<TFloat32> flat = tf.reshape(linear, tf.constant(new int[] {-1, 3}));
        Operand<TFloat32> xyz = tf.linalg.matMul(flat, tf.constant(m));
        Operand<TFloat32> cube = tf.math.pow(tf.math.maximum(xyz, tf.constant((float) EPSILON)), tf.constant(1f / 3));
        Operand<TFloat32> lin = tf.math.add(tf.math.div(xyz, tf.constant((float) (3 * Math.pow(6.0 / 29, 2)))), tf.constant(4f / 29));
        Operand<TFloat32> f = tf.select(tf.math.greater(xyz, tf.constant((float) EPSILON)), cube, lin);
        // L = 116 fY - 16, a = 500 (fX - fY), b = 200 (fY - fZ): one affine map of (fX, fY, fZ).
        Operand<TFloat32> lab = tf.math.add(tf.linalg.matMul(f, tf.constant(new float[][] {
                {0, 500, 0},
                {116, -500, 200},
                {0, 0, -200}})), tf.constant(new float[] {-16, 0, 0}));
        return tf.reshape(lab, tf.shape(rgb));
    }

    /** {@link #fromRgb}, then each channel centred and scaled by CMC's {@link #MEAN} and {@link #STD}. */
    public static Operand<TFloat32> normalized(Ops tf, Operand<TFloat32> rgb) {
        float[] mean = new float[3];
        float[] scale = new float[3];
        for (int i = 0; i < 3; i++) {
            mean[i] = (float) MEAN[i];
            scale[i] = (float) (1 / STD[i]);
        }
        return tf.math.mul(tf.math.sub(fromRgb(tf, rgb), tf.constant(mean)), tf.constant(scale));
    }
}
