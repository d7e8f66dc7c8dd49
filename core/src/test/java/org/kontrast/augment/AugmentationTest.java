package org.kontrast.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.runtime.TensorValues;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Shapes, value ranges, parameters and seeding of every augmentation. */
class AugmentationTest {
    private static final int N = 16;

    /** Runs one augmentation on a random batch under (seed, step); returns the flat output and its shape. */
    private static Object[] run(Augmentation a, ImageShape shape, float[] images, long seed, long step) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TInt64> key = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            Operand<TFloat32> x = tf.constant(Shape.of(N, shape.height(), shape.width(), shape.channels()),
                    DataBuffers.of(images, true, false));
            Operand<TFloat32> y = a.apply(tf, x, shape, new RandomStream(tf, key));
            try (Session s = new Session(g); TInt64 k = TInt64.vectorOf(seed, step);
                 var r = s.runner().feed(key, k).fetch(y).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                return new Object[] {TensorValues.floats(t), t.shape()};
            }
        }
    }

    private static float[] randomImages(ImageShape s, long seed) {
        Random r = new Random(seed);
        float[] v = new float[N * s.height() * s.width() * s.channels()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static final Augmentation[] ALL = {
        new RandomResizedCrop(12, 0.2, 1.0, 0.75, 4.0 / 3),
        new HorizontalFlip(0.5),
        new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.8),
        new RandomGrayscale(0.5),
        new GaussianBlur(0.1, 2.0, 0.2, 0.5),
    };

    @Test
    void everyAugmentationKeepsShapeAndRangeInRgbAndGray() {
        for (ImageShape shape : new ImageShape[] {new ImageShape(12, 12, 3), new ImageShape(12, 12, 1)}) {
            for (Augmentation a : ALL) {
                Object[] r = run(a, shape, randomImages(shape, 1), 7, 0);
                ImageShape out = a.outputShape(shape);
                assertEquals(Shape.of(N, out.height(), out.width(), out.channels()), r[1], a.getClass().getSimpleName());
                for (float v : (float[]) r[0]) {
                    assertTrue(v >= 0f && v <= 1f, a.getClass().getSimpleName() + " produced " + v);
                }
            }
        }
    }

    @Test
    void sameSeedAndStepRepeatDifferentStepDiffers() {
        ImageShape shape = new ImageShape(12, 12, 3);
        float[] images = randomImages(shape, 2);
        for (Augmentation a : ALL) {
            float[] first = (float[]) run(a, shape, images, 7, 3)[0];
            assertArrayEquals(first, (float[]) run(a, shape, images, 7, 3)[0], a.getClass().getSimpleName());
            assertFalse(Arrays.equals(first, (float[]) run(a, shape, images, 7, 4)[0]), a.getClass().getSimpleName());
        }
    }

    @Test
    void cropBoxesCoverAnAreaWithinTheScaleRange() {
        ImageShape shape = new ImageShape(20, 30, 1);
        RandomResizedCrop crop = new RandomResizedCrop(16, 0.3, 0.6, 0.5, 2.0);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> boxes = crop.boxes(tf, tf.constant(new int[] {2000}), shape, new RandomStream(tf, tf.constant(new long[] {1, 2})));
            try (Session s = new Session(g); var r = s.runner().fetch(boxes).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                for (int i = 0; i < 2000; i++) {
                    float y1 = t.getFloat(i, 0);
                    float x1 = t.getFloat(i, 1);
                    float y2 = t.getFloat(i, 2);
                    float x2 = t.getFloat(i, 3);
                    assertTrue(y1 >= 0 && x1 >= 0 && y2 <= 1 + 1e-6 && x2 <= 1 + 1e-6, "box " + i + " leaves the image");
                    double area = (y2 - y1) * (x2 - x1);
                    assertTrue(area >= 0.3 - 1e-5 && area <= 0.6 + 1e-5, "box " + i + " covers " + area);
                    double ratio = ((x2 - x1) * 30) / ((y2 - y1) * 20);
                    assertTrue(ratio >= 0.5 - 1e-4 && ratio <= 2.0 + 1e-4, "box " + i + " has aspect " + ratio);
                }
            }
        }
    }

    @Test
    void flipWithCertaintyMirrorsAndNeverFlipIsIdentity() {
        ImageShape shape = new ImageShape(4, 5, 1);
        float[] images = randomImages(shape, 3);
        float[] flipped = (float[]) run(new HorizontalFlip(1.0), shape, images, 1, 1)[0];
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(images[(n * 4 + y) * 5 + (4 - x)], flipped[(n * 4 + y) * 5 + x]);
                }
            }
        }
        assertArrayEquals(images, (float[]) run(new HorizontalFlip(0.0), shape, images, 1, 1)[0]);
        assertArrayEquals(images, (float[]) run(new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.0), shape, images, 1, 1)[0]);
    }

    @Test
    void grayscaleWithCertaintyEqualisesChannels() {
        ImageShape shape = new ImageShape(6, 6, 3);
        float[] out = (float[]) run(new RandomGrayscale(1.0), shape, randomImages(shape, 4), 1, 1)[0];
        for (int i = 0; i < out.length; i += 3) {
            assertEquals(out[i], out[i + 1], 1e-6);
            assertEquals(out[i], out[i + 2], 1e-6);
        }
    }

    @Test
    void hueRotationKeepsGrayPixelsGray() {
        // A gray pixel has no chroma: rotating the I-Q plane must leave it as it is.
        ImageShape shape = new ImageShape(3, 3, 3);
        float[] gray = new float[N * 27];
        for (int i = 0; i < gray.length; i += 3) {
            gray[i] = gray[i + 1] = gray[i + 2] = (i % 7) / 7f;
        }
        float[] out = (float[]) run(new ColorJitter(0, 0, 0, 0.5, 1.0), shape, gray, 1, 1)[0];
        assertArrayEquals(gray, out, 1e-3f);
    }

    /** Values in [0.35, 0.65]: no adjustment of strength 0.4 takes them out of [0, 1], so nothing clips. */
    private static float[] midImages(ImageShape s, long seed) {
        float[] v = randomImages(s, seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.35f + 0.3f * v[i];
        }
        return v;
    }

    @Test
    void brightnessThenContrastIsTorchvisionsBlendTowardsTheBrightenedMean() {
        // torchvision: y = c (b x) + (1 - c) mean(b x), so y - mean(y) = b c (x - mean(x)) and mean(y) = b mean(x).
        ImageShape shape = new ImageShape(5, 5, 1);
        float[] in = midImages(shape, 5);
        float[] out = (float[]) run(new ColorJitter(0.4, 0.4, 0, 0, 1.0), shape, in, 3, 1)[0];
        int pixels = 25;
        for (int n = 0; n < N; n++) {
            double meanIn = 0;
            double meanOut = 0;
            for (int i = 0; i < pixels; i++) {
                meanIn += in[n * pixels + i] / pixels;
                meanOut += out[n * pixels + i] / pixels;
            }
            double b = meanOut / meanIn;
            assertTrue(b >= 0.6 - 1e-5 && b <= 1.4 + 1e-5, "brightness " + b);
            double bc = (out[n * pixels] - meanOut) / (in[n * pixels] - meanIn);
            assertTrue(bc >= 0.36 - 1e-4 && bc <= 1.96 + 1e-4, "brightness x contrast " + bc);
            for (int i = 1; i < pixels; i++) {
                assertEquals(bc * (in[n * pixels + i] - meanIn), out[n * pixels + i] - meanOut, 1e-5, "image " + n + " pixel " + i);
            }
        }
    }

    @Test
    void saturationKeepsEachPixelsLumaAndScalesItsChroma() {
        ImageShape shape = new ImageShape(4, 4, 3);
        float[] in = midImages(shape, 6);
        float[] out = (float[]) run(new ColorJitter(0, 0, 0.4, 0, 1.0), shape, in, 3, 1)[0];
        int pixels = 16;
        for (int n = 0; n < N; n++) {
            double s = Double.NaN;
            for (int i = 0; i < pixels; i++) {
                int at = (n * pixels + i) * 3;
                double lumaIn = luma(in, at);
                assertEquals(lumaIn, luma(out, at), 1e-5, "image " + n + " pixel " + i);
                if (Double.isNaN(s)) {
                    s = (out[at] - lumaIn) / (in[at] - lumaIn);
                    assertTrue(s >= 0.6 - 1e-4 && s <= 1.4 + 1e-4, "saturation " + s);
                }
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(s * (in[at + ch] - lumaIn), out[at + ch] - lumaIn, 1e-4, "image " + n + " pixel " + i);
                }
            }
        }
    }

    private static double luma(float[] rgb, int at) {
        return 0.299 * rgb[at] + 0.587 * rgb[at + 1] + 0.114 * rgb[at + 2];
    }

    @Test
    void blurKeepsConstantImagesAndSmoothsNoise() {
        ImageShape shape = new ImageShape(16, 16, 1);
        float[] flat = new float[N * 256];
        Arrays.fill(flat, 0.4f);
        assertArrayEquals(flat, (float[]) run(new GaussianBlur(1.0, 2.0, 0.5, 1.0), shape, flat, 1, 1)[0], 1e-5f);
        float[] noise = randomImages(shape, 5);
        float[] blurred = (float[]) run(new GaussianBlur(1.0, 2.0, 0.5, 1.0), shape, noise, 1, 1)[0];
        assertTrue(variance(blurred) < 0.5 * variance(noise), "blur should at least halve the variance of noise");
    }

    private static double variance(float[] v) {
        double m = 0;
        for (float x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }

    @Test
    void badParametersNameTheField() {
        assertEquals("randomResizedCrop.scale must satisfy 0 < min <= max <= 1, got [1.2, 1.0]",
                assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(8, 1.2, 1.0, 0.75, 1.33)).getMessage());
        assertEquals("horizontalFlip.p must be in [0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(2.0)).getMessage());
    }
}
