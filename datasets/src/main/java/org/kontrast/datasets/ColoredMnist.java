package org.kontrast.datasets;

import java.util.SplittableRandom;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.ImageDataset;

/**
 * Colored-MNIST: each MNIST digit scaled to {@value #SIZE_DEFAULT}x{@value #SIZE_DEFAULT}
 * (bilinear) and painted with a random foreground colour on a random background
 * colour, the two kept at least {@value #MIN_CONTRAST} apart in RGB so the digit stays
 * visible. Labels are the digit's. The toy set of van den Oord et al., "Representation
 * Learning with Contrastive Predictive Coding", 2018 (CPC on image patches), in the
 * coloured form of the Keras CPC example.
 *
 * <p>Deterministic: image {@code i} draws its colours from a stream keyed by
 * (seed, split, i) alone, so a subset or a rebuild gives the same pixels.
 */
public final class ColoredMnist {
    public static final int SIZE_DEFAULT = 64;
    public static final long SEED_DEFAULT = 0;
    /** Euclidean RGB distance (colours in [0, 1]) the foreground keeps from the background. */
    public static final double MIN_CONTRAST = 0.6;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int size;
    private final long seed;

    public ColoredMnist(int size, long seed) {
        if (size < 8) {
            throw new IllegalArgumentException("Colored-MNIST size must be >= 8, got " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    /**
     * Colours every image of a 1-channel digit set.
     *
     * @param salt keeps the train and test splits' colour streams apart
     */
    public ImageDataset colour(ImageDataset digits, String name, long salt) {
        return new ImageDataset(name, pixels(digits, salt), digits.labels().orElse(null), shape());
    }

    /** One coloured image's shape. */
    public ImageShape shape() {
        return new ImageShape(size, size, 3);
    }

    /** The coloured images' NHWC bytes, in the digits' order. */
    byte[] pixels(ImageDataset digits, long salt) {
        ImageShape in = digits.shape();
        if (in.channels() != 1) {
            throw new IllegalArgumentException(digits.name() + ": Colored-MNIST colours 1-channel digits, got " + in);
        }
        int n = digits.size();
        int per = size * size * 3;
        if ((long) n * per > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(digits.name() + ": " + n + " images of " + size + "x" + size
                    + "x3 do not fit one array; use fewer images or a smaller size");
        }
        byte[] out = new byte[n * per];
        float[] scaled = new float[size * size];
        for (int i = 0; i < n; i++) {
            scale(digits, i, in, scaled);
            float[][] colours = colours(salt, i);
            paint(scaled, colours[0], colours[1], out, i * per);
        }
        return out;
    }

    /** {foreground, background} RGB in [0, 1] for image {@code i}. */
    float[][] colours(long salt, int i) {
        SplittableRandom r = new SplittableRandom(seed * GOLDEN ^ (salt + 1) * 0xC2B2AE3D27D4EB4FL ^ (i + 1L) * GOLDEN);
        float[] bg = {(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
        float[] fg;
        do {
            fg = new float[] {(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
        } while (distance(fg, bg) < MIN_CONTRAST);
        return new float[][] {fg, bg};
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(s);
    }

    /** Bilinear resize of digit {@code i} to size x size, intensities in [0, 1]; pixel centres aligned as in TF's half-pixel mode. */
    private void scale(ImageDataset digits, int i, ImageShape in, float[] out) {
        int h = in.height();
        int w = in.width();
        long base = (long) i * h * w;
        double sy = (double) h / size;
        double sx = (double) w / size;
        for (int y = 0; y < size; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double wy = fy - y0;
            for (int x = 0; x < size; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double wx = fx - x0;
                double top = digits.pixel(base + (long) y0 * w + x0) * (1 - wx) + digits.pixel(base + (long) y0 * w + x1) * wx;
                double bottom = digits.pixel(base + (long) y1 * w + x0) * (1 - wx) + digits.pixel(base + (long) y1 * w + x1) * wx;
                out[y * size + x] = (float) ((top * (1 - wy) + bottom * wy) / 255.0);
            }
        }
    }

    private void paint(float[] alpha, float[] fg, float[] bg, byte[] out, int offset) {
        for (int p = 0; p < alpha.length; p++) {
            float a = alpha[p];
            for (int c = 0; c < 3; c++) {
                float v = bg[c] + a * (fg[c] - bg[c]);
                out[offset + p * 3 + c] = (byte) Math.round(v * 255f);
            }
        }
    }
}
