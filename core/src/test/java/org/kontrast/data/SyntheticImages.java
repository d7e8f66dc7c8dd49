package org.kontrast.data;

import java.util.Random;
import org.kontrast.augment.ImageShape;

/** Small labelled image sets made by the tests: oriented stripes plus noise, one orientation per class. */
public final class SyntheticImages {
    private SyntheticImages() {
    }

    public static ImageDataset stripes(int n, int side, int classes, long seed) {
        Random random = new Random(seed);
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(classes);
            labels[i] = c;
            double angle = Math.PI * c / classes;
            double phase = random.nextDouble() * 2 * Math.PI;
            double freq = 0.6 + 0.2 * random.nextDouble();
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double t = (x * Math.cos(angle) + y * Math.sin(angle)) * freq + phase;
                    double v = 0.5 + 0.4 * Math.sin(t) + 0.1 * random.nextGaussian();
                    px[(i * side + y) * side + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v * 255)));
                }
            }
        }
        return new ImageDataset("stripes", px, labels, new ImageShape(side, side, 1));
    }

    /**
     * Stripes whose class (orientation) sits under heavy pixel noise and a random
     * mean level: random-init features are no better than chance at telling the
     * classes apart, and crops plus brightness and contrast jitter teach a method
     * to average the noise out, so learning shows as a rise in kNN accuracy.
     */
    public static ImageDataset noisyStripes(int n, int side, int classes, long seed) {
        return noisyStripes(n, side, classes, seed, 1);
    }

    /**
     * The same stripes seen through {@code channels} channels, each with its own pixel noise: aligned views of one
     * sample (CMC) that share only the stripes.
     */
    public static ImageDataset noisyStripes(int n, int side, int classes, long seed, int channels) {
        Random random = new Random(seed);
        byte[] px = new byte[n * side * side * channels];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(classes);
            labels[i] = c;
            double angle = Math.PI * c / classes;
            double phase = random.nextDouble() * 2 * Math.PI;
            double freq = 0.6 + 0.2 * random.nextDouble();
            double level = 0.3 + 0.4 * random.nextDouble();
            double amplitude = 0.1 + 0.05 * random.nextDouble();
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double t = (x * Math.cos(angle) + y * Math.sin(angle)) * freq + phase;
                    for (int k = 0; k < channels; k++) {
                        double v = level + amplitude * Math.sin(t) + 0.3 * random.nextGaussian();
                        px[((i * side + y) * side + x) * channels + k] = (byte) Math.max(0, Math.min(255, (int) Math.round(v * 255)));
                    }
                }
            }
        }
        return new ImageDataset("noisy-stripes", px, labels, new ImageShape(side, side, channels));
    }
}
