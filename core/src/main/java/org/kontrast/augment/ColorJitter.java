package org.kontrast.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Random brightness, contrast, saturation and hue, applied together with
 * probability p. SimCLR, appendix A: strength s = 1 gives (0.8s, 0.8s, 0.8s, 0.2s)
 * with p = 0.8; torchvision's ColorJitter semantics for each factor.
 * Three choices differ from torchvision, for speed on CPU: the four adjustments run
 * in a fixed order (brightness, contrast, saturation, hue) rather than a random
 * one; hue is rotated in YIQ space (a 3x3 matrix) instead of through HSV, whose ops
 * dominated the step; and since each adjustment is affine, they are composed into
 * one per-image map y = k x M + o with a single clip to [0, 1] at the end, where
 * torchvision clips after each (the two agree wherever no intermediate value leaves [0, 1]). Single-channel images get brightness
 * and contrast only, since saturation and hue do not change a gray image.
 */
public final class ColorJitter implements Augmentation {
    public static final double BRIGHTNESS_DEFAULT = 0.4;
    public static final double CONTRAST_DEFAULT = 0.4;
    public static final double SATURATION_DEFAULT = 0.4;
    public static final double HUE_DEFAULT = 0.1;
    public static final double P_DEFAULT = 0.8;

    private static final float[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    private static final float[][] RGB_TO_YIQ = {
        {0.299f, 0.587f, 0.114f},
        {0.595716f, -0.274453f, -0.321263f},
        {0.211456f, -0.522591f, 0.311135f}};
    private static final float[][] YIQ_TO_RGB = {
        {1f, 0.9563f, 0.6210f},
        {1f, -0.2721f, -0.6474f},
        {1f, -1.1070f, 1.7046f}};

    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double p;

    public ColorJitter(double brightness, double contrast, double saturation, double hue, double p) {
        requireRange("brightness", brightness, 0, Double.MAX_VALUE);
        requireRange("contrast", contrast, 0, Double.MAX_VALUE);
        requireRange("saturation", saturation, 0, Double.MAX_VALUE);
        requireRange("hue", hue, 0, 0.5);
        requireRange("p", p, 0, 1);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
        this.p = p;
    }

    private static void requireRange(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("colorJitter." + field + " must be in [" + lo + ", "
                    + (hi == Double.MAX_VALUE ? "inf" : hi) + "], got " + v);
        }
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        Operand<TInt32> n = Pixels.batchSize(tf, images);
        Operand<TBool> applied = random.bernoulli(n, p);
        Operand<TFloat32> b = brightness > 0 ? random.uniform(n, Math.max(0, 1 - brightness), 1 + brightness) : null;
        Operand<TFloat32> c = contrast > 0 ? random.uniform(n, Math.max(0, 1 - contrast), 1 + contrast) : null;
        boolean rgb = !shape.isGrayscale();
        Operand<TFloat32> s = rgb && saturation > 0 ? random.uniform(n, Math.max(0, 1 - saturation), 1 + saturation) : null;
        Operand<TFloat32> h = rgb && hue > 0 ? random.uniform(n, -hue, hue) : null;

        // Every adjustment is affine in the colour of a pixel, so together they are y = k x M + o:
        // brightness and contrast scale (k), saturation and hue mix channels (M), and contrast's
        // pull towards the mean gray adds a gray offset o that M leaves gray.
        Operand<TFloat32> one = tf.fill(n, tf.constant(1f));
        Operand<TFloat32> k = b == null ? one : b;
        Operand<TFloat32> o = tf.zerosLike(one);
        if (c != null) {
            Operand<TFloat32> gray = rgb ? Pixels.luma(tf, images) : images;
            Operand<TFloat32> mean = tf.reshape(tf.math.mean(gray, tf.constant(new int[] {1, 2, 3})), tf.constant(new int[] {-1}));
            // Contrast blends the brightened image towards its own mean gray, k * mean.
            o = tf.math.mul(tf.math.mul(tf.math.sub(one, c), k), mean);
            k = tf.math.mul(k, c);
        }
        k = tf.select(applied, k, one);
        o = tf.select(applied, o, tf.zerosLike(one));
        Operand<TFloat32> x = tf.math.add(tf.math.mul(Pixels.perImage(tf, k), images), Pixels.perImage(tf, o));
        if (s != null || h != null) {
            Operand<TFloat32> m = identities(tf, one);
            if (s != null) {
                m = tf.train.batchMatMul(m, saturationMatrix(tf, s), TFloat32.class);
            }
            if (h != null) {
                m = tf.train.batchMatMul(m, hueMatrix(tf, h), TFloat32.class);
            }
            m = tf.select(tf.reshape(applied, tf.constant(new int[] {-1, 1, 1})), m, identities(tf, one));
            Operand<TFloat32> pixels = tf.reshape(x, tf.constant(new int[] {-1, shape.height() * shape.width(), 3}));
            x = tf.reshape(tf.train.batchMatMul(pixels, m, TFloat32.class), tf.shape(images));
        }
        return Pixels.clip01(tf, x);
    }

    /** I per image, [N, 3, 3], from a [N] vector of ones. */
    private static Operand<TFloat32> identities(Ops tf, Operand<TFloat32> ones) {
        return tf.math.mul(tf.reshape(ones, tf.constant(new int[] {-1, 1, 1})), tf.constant(IDENTITY));
    }

    /**
     * torchvision's saturation, s x + (1 - s) luma(x), for pixels as rows: x (s I + (1 - s) L) where
     * every column of L is the luma weights.
     */
    private static Operand<TFloat32> saturationMatrix(Ops tf, Operand<TFloat32> s) {
        float[][] l = new float[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                l[i][j] = Pixels.LUMA[i];
            }
        }
        Operand<TFloat32> s3 = tf.reshape(s, tf.constant(new int[] {-1, 1, 1}));
        Operand<TFloat32> ident = tf.constant(IDENTITY);
        Operand<TFloat32> luma = tf.constant(l);
        return tf.math.add(tf.math.mul(s3, tf.math.sub(ident, luma)), luma);
    }

    /** Rotate the chroma (I, Q) plane by 2 pi h per image, for pixels as rows: (YIQ^-1 R YIQ)^T, [N, 3, 3]. */
    private static Operand<TFloat32> hueMatrix(Ops tf, Operand<TFloat32> h) {
        Operand<TFloat32> theta = tf.math.mul(h, tf.constant((float) (2 * Math.PI)));
        Operand<TFloat32> cos = tf.math.cos(theta);
        Operand<TFloat32> sin = tf.math.sin(theta);
        Operand<TFloat32> one = tf.onesLike(cos);
        Operand<TFloat32> zero = tf.zerosLike(cos);
        // R^T per image: [1 0 0; 0 cos sin; 0 -sin cos], stacked to [N, 3, 3].
        Operand<TFloat32> rotT = tf.reshape(tf.stack(List.of(
                one, zero, zero, zero, cos, sin, zero, tf.math.neg(sin), cos), Stack.axis(1L)),
                tf.constant(new int[] {-1, 3, 3}));
        Operand<TFloat32> toYiqT = tf.broadcastTo(tf.constant(transpose(RGB_TO_YIQ)), tf.shape(rotT));
        Operand<TFloat32> toRgbT = tf.broadcastTo(tf.constant(transpose(YIQ_TO_RGB)), tf.shape(rotT));
        return tf.train.batchMatMul(tf.train.batchMatMul(toYiqT, rotT, TFloat32.class), toRgbT, TFloat32.class);
    }

    private static float[][] transpose(float[][] m) {
        float[][] t = new float[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
