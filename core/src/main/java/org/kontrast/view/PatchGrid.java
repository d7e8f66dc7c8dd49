package org.kontrast.view;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CPC's view of an image: a grid of overlapping square patches, cut row by row.
 * A 64x64 image with 16x16 patches at stride 8 gives a 7x7 grid. Van den Oord, Li
 * and Vinyals, "Representation Learning with Contrastive Predictive Coding", 2018, section 3.2.
 */
public final class PatchGrid {
    public static final int SIZE_DEFAULT = 16;
    public static final int STRIDE_DEFAULT = 8;

    private final int size;
    private final int stride;

    public PatchGrid(int size, int stride) {
        if (size < 1 || stride < 1) {
            throw new IllegalArgumentException("patchGrid size and stride must be >= 1, got size=" + size + " stride=" + stride);
        }
        this.size = size;
        this.stride = stride;
    }

    public int size() {
        return size;
    }

    public int stride() {
        return stride;
    }

    /**
     * Each patch's channels scaled to zero mean and unit variance over its pixels, the
     * deviation floored at 1/sqrt(pixels) as in {@code tf.image.per_image_standardization}:
     * a flat background patch becomes zero, and a stroke looks the same in any pair of
     * colours up to each channel's sign.
     */
    public static Operand<TFloat32> standardize(Ops tf, Operand<TFloat32> patches, ImageShape patch) {
        Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {1, 2});
        Operand<TFloat32> mean = tf.math.mean(patches, axes, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(patches, mean);
        Operand<TFloat32> std = tf.math.sqrt(tf.math.mean(tf.math.square(centred), axes, org.tensorflow.op.math.Mean.keepDims(true)));
        float floor = (float) (1 / Math.sqrt(patch.height() * patch.width()));
        return tf.math.div(centred, tf.math.maximum(std, tf.constant(floor)));
    }

    /** Patches per row (and per column) of a square image; refuses an image the grid does not tile exactly. */
    public int cells(ImageShape image) {
        if (image.height() != image.width()) {
            throw new IllegalArgumentException("patchGrid needs square images, got " + image);
        }
        int side = image.height();
        if (side < size || (side - size) % stride != 0) {
            throw new IllegalArgumentException("patchGrid: " + size + "x" + size + " patches at stride " + stride
                    + " do not tile a " + side + "x" + side + " image (need side = size + k * stride, e.g. 64 = 16 + 6 * 8)");
        }
        return (side - size) / stride + 1;
    }

    /** One patch's shape. */
    public ImageShape patchShape(ImageShape image) {
        cells(image);
        return image.withSize(size, size);
    }

    /**
     * Cuts [N, H, W, C] images into [N * G * G, size, size, C] patches, ordered by image,
     * then grid row, then grid column.
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape image) {
        int g = cells(image);
        List<Long> window = List.of(1L, (long) size, (long) size, 1L);
        List<Long> step = List.of(1L, (long) stride, (long) stride, 1L);
        Operand<TFloat32> grid = tf.image.extractImagePatches(images, window, step, List.of(1L, 1L, 1L, 1L), "VALID");
        // Each cell holds its patch flattened row-major with channels last, so a reshape restores it.
        return tf.reshape(grid, tf.constant(new int[] {-1, size, size, image.channels()}));
    }
}
