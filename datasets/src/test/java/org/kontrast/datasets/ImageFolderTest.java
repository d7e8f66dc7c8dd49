package org.kontrast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.ImageShape;
import org.tensorflow.types.TUint8;

class ImageFolderTest {
    /** A w x h image whose pixel (x, y) is (v, v + x, v + y), grey if asked. */
    static Path png(Path file, int w, int h, int v, boolean grey) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    image.getRaster().setSample(x, y, 0, v + x + y);
                } else {
                    image.setRGB(x, y, (v << 16) | ((v + x) << 8) | (v + y));
                }
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    static void folder(Path root, boolean grey) throws IOException {
        png(root.resolve("train/cat/a.png"), 4, 3, 10, grey);
        png(root.resolve("train/cat/b.png"), 4, 3, 20, grey);
        png(root.resolve("train/dog/c.png"), 4, 3, 30, grey);
        png(root.resolve("test/dog/d.png"), 4, 3, 40, grey);
    }

    @Test
    void readsClassFoldersAsLabelledImages(@TempDir Path root) throws IOException {
        folder(root, false);
        Files.writeString(root.resolve("train/cat/.DS_Store"), "hidden files are skipped");
        Split split = ImageFolder.load(root);
        assertEquals(new ImageShape(3, 4, 3), split.train().shape());
        assertEquals(3, split.train().size());
        assertArrayEquals(new int[] {0, 0, 1}, split.train().labels().orElseThrow());
        assertArrayEquals(new int[] {1}, split.test().labels().orElseThrow());
        assertEquals(4, split.files().size());
        try (TUint8 t = split.test().batch(new int[] {0}, 0, 1)) {
            // Pixel (x = 1, y = 2) of d.png: (40, 41, 42).
            int at = (2 * 4 + 1) * 3;
            assertEquals(40, t.getByte(0, 2, 1, 0) & 0xFF);
            assertEquals(41, t.getByte(0, 2, 1, 1) & 0xFF);
            assertEquals(42, t.getByte(0, 2, 1, 2) & 0xFF, "offset " + at);
        }
        assertEquals(new ImageShape(3, 4, 3), ImageFolder.shape(root));
    }

    @Test
    void greyImagesGiveOneChannel(@TempDir Path root) throws IOException {
        folder(root, true);
        Split split = ImageFolder.load(root);
        assertEquals(new ImageShape(3, 4, 1), split.train().shape());
        try (TUint8 t = split.train().batch(new int[] {2}, 0, 1)) {
            assertEquals(30 + 3 + 2, t.getByte(0, 2, 3, 0) & 0xFF);
        }
    }

    @Test
    void everyProblemNamesItsFile(@TempDir Path dir) throws IOException {
        Path notImage = dir.resolve("a");
        folder(notImage, false);
        Files.writeString(notImage.resolve("train/dog/notes.txt"), "not an image");
        assertNames(notImage.resolve("train/dog/notes.txt"), "not an image", notImage);

        Path cut = dir.resolve("b");
        folder(cut, false);
        byte[] bytes = Files.readAllBytes(cut.resolve("train/cat/b.png"));
        Files.write(cut.resolve("train/cat/b.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertNames(cut.resolve("train/cat/b.png"), "not a readable image", cut);

        Path size = dir.resolve("c");
        folder(size, false);
        png(size.resolve("test/cat/big.png"), 5, 3, 0, false);
        assertNames(size.resolve("test/cat/big.png"), "every image must have one size", size);

        Path stray = dir.resolve("d");
        folder(stray, false);
        Files.writeString(stray.resolve("train/readme.md"), "x");
        assertNames(stray.resolve("train/readme.md"), "images go inside a class folder", stray);

        Path unknown = dir.resolve("e");
        folder(unknown, false);
        png(unknown.resolve("test/bird/e.png"), 4, 3, 0, false);
        assertNames(unknown.resolve("test/bird"), "a class folder that train/ does not have", unknown);

        Path noTest = dir.resolve("f");
        png(noTest.resolve("train/cat/a.png"), 4, 3, 0, false);
        assertNames(noTest.resolve("test"), "no such folder", noTest);
    }

    private static void assertNames(Path file, String why, Path root) {
        var e = assertThrows(DatasetFormatException.class, () -> ImageFolder.load(root));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(why), e.getMessage());
    }
}
