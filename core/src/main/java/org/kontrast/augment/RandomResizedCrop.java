package org.kontrast.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import java.util.List;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Crop a random area and aspect ratio, resize to {@code size} (bilinear).
 * Szegedy et al., "Going Deeper with Convolutions", CVPR 2015; SimCLR's main
 * augmentation (Chen et al., ICML 2020, appendix A). Like torchvision, up to
 * {@link #ATTEMPTS} candidates are drawn per sample and the first that fits is
 * taken; if none fits, the whole image is used.
 */
public final class RandomResizedCrop implements Augmentation {
    public static final double SCALE_MIN_DEFAULT = 0.08;
    public static final double SCALE_MAX_DEFAULT = 1.0;
    public static final double RATIO_MIN_DEFAULT = 3.0 / 4.0;
    public static final double RATIO_MAX_DEFAULT = 4.0 / 3.0;
    public static final int ATTEMPTS = 10;

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;

    public RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (size < 1) {
            throw new IllegalArgumentException("randomResizedCrop.size must be >= 1, got " + size);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("randomResizedCrop.scale must satisfy 0 < min <= max <= 1, got ["
                    + scaleMin + ", " + scaleMax + "]");
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("randomResizedCrop.ratio must satisfy 0 < min <= max, got ["
                    + ratioMin + ", " + ratioMax + "]");
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        return input.withSize(size, size);
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        Operand<TInt32> n = Pixels.batchSize(tf, images);
        Operand<TFloat32> boxes = boxes(tf, n, shape, random);
        Operand<TInt32> index = tf.range(tf.constant(0), tf.squeeze(n), tf.constant(1));
        return tf.image.cropAndResize(images, boxes, index, tf.constant(new int[] {size, size}));
    }

    /**
     * The crop boxes, [N, 4] as (y1, x1, y2, x2) in [0, 1] image coordinates.
     * Each box covers a fraction of the image area within [scaleMin, scaleMax].
     */
    public Operand<TFloat32> boxes(Ops tf, Operand<TInt32> n, ImageShape shape, RandomStream random) {
        Operand<TInt32> candidates = tf.concat(List.of(n, tf.constant(new int[] {ATTEMPTS})), tf.constant(0));
        Operand<TFloat32> area = random.uniform(candidates, scaleMin, scaleMax);
        Operand<TFloat32> ratio = tf.math.exp(random.uniform(candidates, Math.log(ratioMin), Math.log(ratioMax)));
        // Fractions of each side: w * h = area * H * W pixels and w / h = ratio.
        float aspect = (float) shape.height() / shape.width();
        Operand<TFloat32> wFrac = tf.math.sqrt(tf.math.mul(tf.math.mul(area, ratio), tf.constant(aspect)));
        Operand<TFloat32> hFrac = tf.math.sqrt(tf.math.div(area, tf.math.mul(ratio, tf.constant(aspect))));
        Operand<TFloat32> fits = tf.dtypes.cast(tf.math.logicalAnd(
                tf.math.lessEqual(wFrac, tf.constant(1f)), tf.math.lessEqual(hFrac, tf.constant(1f))), TFloat32.class);
        // The first candidate that fits: cumulative count of fits equals one exactly there.
        Operand<TFloat32> first = tf.math.mul(fits, tf.dtypes.cast(
                tf.math.equal(tf.math.cumsum(fits, tf.constant(1)), tf.constant(1f)), TFloat32.class));
        Operand<TInt32> axis = tf.constant(new int[] {1});
        Operand<TFloat32> none = tf.math.sub(tf.constant(1f), tf.reduceSum(first, axis));
        Operand<TFloat32> w = tf.math.add(tf.reduceSum(tf.math.mul(first, wFrac), axis), none);
        Operand<TFloat32> h = tf.math.add(tf.reduceSum(tf.math.mul(first, hFrac), axis), none);
        Operand<TFloat32> x0 = tf.math.mul(random.uniform(n), tf.math.sub(tf.constant(1f), w));
        Operand<TFloat32> y0 = tf.math.mul(random.uniform(n), tf.math.sub(tf.constant(1f), h));
        return tf.stack(List.of(y0, x0, tf.math.add(y0, h), tf.math.add(x0, w)), Stack.axis(1L));
    }

    public int size() {
        return size;
    }
}
