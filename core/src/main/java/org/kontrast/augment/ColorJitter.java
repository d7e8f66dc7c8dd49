package org.kontrast.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Random brightness, contrast, saturation and hue, applied together with
 * probability p. SimCLR, appendix A: strength s = 1 gives (0.8s, 0.8s, 0.8s, 0.2s)
 * with p = 0.8; torchvision's ColorJitter semantics for each factor.
 * Two choices differ from torchvision, for speed on CPU: the four adjustments run
 * in a fixed order (brightness, contrast, saturation, hue) rather than a random
 * one, and hue is rotated in YIQ space (one 3x3 matrix per image) instead of
 * through HSV, whose ops dominated the step. Single-channel images get brightness
 * and contrast only, since saturation and hue do not change a gray image.
 */
public final class ColorJitter implements Augmentation {
    public static final double BRIGHTNESS_DEFAULT = 0.4;
    public static final double CONTRAST_DEFAULT = 0.4;
    public static final double SATURATION_DEFAULT = 0.4;
    public static final double HUE_DEFAULT = 0.1;
    public static final double P_DEFAULT = 0.8;

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
        Operand<TFloat32> x = images;
        if (brightness > 0) {
            Operand<TFloat32> b = factor(tf, random, n, brightness);
            x = Pixels.clip01(tf, tf.math.mul(x, b));
        }
        if (contrast > 0) {
            Operand<TFloat32> c = factor(tf, random, n, contrast);
            Operand<TFloat32> gray = shape.isGrayscale() ? x : Pixels.luma(tf, x);
            Operand<TFloat32> mean = tf.math.mean(gray, tf.constant(new int[] {1, 2, 3}), Mean.keepDims(true));
            x = Pixels.clip01(tf, blend(tf, x, mean, c));
        }
        if (!shape.isGrayscale() && saturation > 0) {
            Operand<TFloat32> s = factor(tf, random, n, saturation);
            x = Pixels.clip01(tf, blend(tf, x, Pixels.luma(tf, x), s));
        }
        if (!shape.isGrayscale() && hue > 0) {
            x = Pixels.clip01(tf, rotateHue(tf, x, random.uniform(n, -hue, hue), shape));
        }
        return Pixels.choose(tf, random.bernoulli(n, p), x, images);
    }

    /** Per-image factor U[max(0, 1 - d), 1 + d], shaped [N, 1, 1, 1]. */
    private static Operand<TFloat32> factor(Ops tf, RandomStream random, Operand<TInt32> n, double d) {
        return Pixels.perImage(tf, random.uniform(n, Math.max(0, 1 - d), 1 + d));
    }

    /** f * x + (1 - f) * other, torchvision's _blend. */
    private static Operand<TFloat32> blend(Ops tf, Operand<TFloat32> x, Operand<TFloat32> other, Operand<TFloat32> f) {
        return tf.math.add(tf.math.mul(f, tf.math.sub(x, other)), other);
    }

    /** Rotate the chroma (I, Q) plane by 2 pi h per image: rgb' = rgb * (YIQ^-1 R YIQ)^T. */
    private static Operand<TFloat32> rotateHue(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h, ImageShape shape) {
        Operand<TFloat32> theta = tf.math.mul(h, tf.constant((float) (2 * Math.PI)));
        Operand<TFloat32> cos = tf.math.cos(theta);
        Operand<TFloat32> sin = tf.math.sin(theta);
        Operand<TFloat32> one = tf.onesLike(cos);
        Operand<TFloat32> zero = tf.zerosLike(cos);
        // Rows of R per image: [1 0 0; 0 cos -sin; 0 sin cos], stacked to [N, 3, 3].
        Operand<TFloat32> rot = tf.reshape(tf.stack(List.of(
                one, zero, zero, zero, cos, tf.math.neg(sin), zero, sin, cos), Stack.axis(1L)),
                tf.constant(new int[] {-1, 3, 3}));
        Operand<TFloat32> toYiq = tf.constant(RGB_TO_YIQ);
        Operand<TFloat32> toRgb = tf.constant(YIQ_TO_RGB);
        // M = toRgb * R * toYiq, per image; pixels are rows, so multiply by M^T.
        Operand<TFloat32> m = tf.train.batchMatMul(tf.train.batchMatMul(
                tf.broadcastTo(toRgb, tf.shape(rot)), rot, TFloat32.class), tf.broadcastTo(toYiq, tf.shape(rot)), TFloat32.class);
        Operand<TFloat32> pixels = tf.reshape(x, tf.constant(new int[] {-1, shape.height() * shape.width(), 3}));
        Operand<TFloat32> rotated = tf.train.batchMatMul(pixels, m, TFloat32.class, BatchMatMul.adjY(true));
        return tf.reshape(rotated, tf.shape(x));
    }
}
