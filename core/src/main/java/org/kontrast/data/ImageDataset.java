package org.kontrast.data;

import java.util.Arrays;
import java.util.Optional;
import org.kontrast.augment.ImageShape;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * N images of one shape as unsigned bytes (NHWC), with optional integer labels.
 * Immutable: the arrays are never handed out.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int size;
    private final ImageShape shape;
    private final int classes;

    /** Copies nothing: callers hand over arrays they no longer touch. */
    public ImageDataset(String name, byte[] pixels, int[] labels, ImageShape shape) {
        int per = shape.height() * shape.width() * shape.channels();
        if (pixels.length % per != 0) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes are not a whole number of "
                    + shape + " images");
        }
        this.size = pixels.length / per;
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + size + " images");
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.shape = shape;
        this.classes = labels == null ? 0 : Arrays.stream(labels).max().orElse(-1) + 1;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public ImageShape shape() {
        return shape;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Number of classes: one more than the largest label; 0 without labels. */
    public int classes() {
        return classes;
    }

    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[i];
    }

    public Optional<int[]> labels() {
        return Optional.ofNullable(labels).map(int[]::clone);
    }

    /** The first {@code n} images (or all, if fewer). */
    public ImageDataset head(int n) {
        int m = Math.min(n, size);
        int per = bytesPerImage();
        return new ImageDataset(name, Arrays.copyOf(pixels, m * per), labels == null ? null : Arrays.copyOf(labels, m), shape);
    }

    public int bytesPerImage() {
        return shape.height() * shape.width() * shape.channels();
    }

    /** Images {@code order[from .. from + count)} as a [count, H, W, C] uint8 tensor; the caller closes it. */
    public TUint8 batch(int[] order, int from, int count) {
        int per = bytesPerImage();
        byte[] out = new byte[count * per];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pixels, order[from + i] * per, out, i * per, per);
        }
        return TUint8.tensorOf(Shape.of(count, shape.height(), shape.width(), shape.channels()), DataBuffers.of(out, true, false));
    }

    /** Images {@code [from, from + count)} in stored order. */
    public TUint8 range(int from, int count) {
        int per = bytesPerImage();
        byte[] out = Arrays.copyOfRange(pixels, from * per, (from + count) * per);
        return TUint8.tensorOf(Shape.of(count, shape.height(), shape.width(), shape.channels()), DataBuffers.of(out, true, false));
    }

    /** The backing array, for the prefetcher's bulk copies; never handed outside this package. */
    byte[] pixels() {
        return pixels;
    }

    /** Pixel {@code i} (flat NHWC index) as an unsigned value. */
    public int pixel(long i) {
        return pixels[(int) i] & 0xFF;
    }
}
