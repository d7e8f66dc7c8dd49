package org.kontrast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.ImageShape;
import org.tensorflow.types.TUint8;

class MultiViewFolderTest {
    /** An RGB view ("rgb") and a grey one ("height") of the same four samples, as ImageFolderTest draws them. */
    private static void views(Path root) throws IOException {
        ImageFolderTest.folder(root.resolve("rgb"), false);
        ImageFolderTest.folder(root.resolve("height"), true);
    }

    /** A 4-channel (RGBA) image, alpha = 200. */
    private static void rgba(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, (200 << 24) | (1 << 16) | (2 << 8) | 3);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void stacksEachSamplesViewsChannelWiseInFolderOrder(@TempDir Path root) throws IOException {
        views(root);
        MultiViewFolder.Loaded loaded = MultiViewFolder.load(root);
        // Views in folder-name order: height (1 channel), then rgb (3).
        assertEquals(List.of("height", "rgb"), loaded.views().names());
        assertArrayEquals(new int[] {1, 3}, loaded.views().channelCounts());
        assertEquals(new ImageShape(3, 4, 4), loaded.split().train().shape());
        assertArrayEquals(new int[] {0, 0, 1}, loaded.split().train().labels().orElseThrow());
        assertEquals(8, loaded.split().files().size());
        try (TUint8 t = loaded.split().test().batch(new int[] {0}, 0, 1)) {
            // Pixel (x = 1, y = 2) of d.png: grey 40 + 1 + 2, then RGB (40, 41, 42).
            assertEquals(43, t.getByte(0, 2, 1, 0) & 0xFF);
            assertEquals(40, t.getByte(0, 2, 1, 1) & 0xFF);
            assertEquals(41, t.getByte(0, 2, 1, 2) & 0xFF);
            assertEquals(42, t.getByte(0, 2, 1, 3) & 0xFF);
        }
        assertEquals(new ImageShape(3, 4, 4), MultiViewFolder.shape(root));
        assertEquals(List.of("height", "rgb"), MultiViewFolder.views(root).names());
    }

    @Test
    void keepsAnAlphaChannelAndMatchesNamesAcrossExtensions(@TempDir Path root) throws IOException {
        ImageFolderTest.folder(root.resolve("a"), true);
        for (String f : List.of("train/cat/a", "train/cat/b", "train/dog/c", "test/dog/d")) {
            rgba(root.resolve("b/" + f + ".PNG"));
        }
        MultiViewFolder.Loaded loaded = MultiViewFolder.load(root);
        assertArrayEquals(new int[] {1, 4}, loaded.views().channelCounts());
        try (TUint8 t = loaded.split().train().batch(new int[] {0}, 0, 1)) {
            assertEquals(200, t.getByte(0, 0, 0, 4) & 0xFF);
        }
    }

    @Test
    void aFileWithoutItsMatchInAnotherViewIsNamed(@TempDir Path root) throws IOException {
        views(root);
        Files.delete(root.resolve("rgb/train/cat/b.png"));
        var e = assertThrows(DatasetFormatException.class, () -> MultiViewFolder.load(root));
        assertEquals(root.resolve("height/train/cat/b.png") + ": no file of that class and name in view 'rgb' (" + root.resolve("rgb/train")
                + "); views are matched by class folder and file name", e.getMessage());
    }

    @Test
    void viewsOfDifferentSizesAreRefused(@TempDir Path root) throws IOException {
        views(root);
        ImageFolderTest.png(root.resolve("rgb/train/dog/c.png"), 5, 3, 30, false);
        var e = assertThrows(DatasetFormatException.class, () -> MultiViewFolder.load(root));
        assertEquals(root.resolve("rgb/train/dog/c.png") + ": 5x3 pixels, but " + root.resolve("height/train/cat/a.png")
                + " is 4x3; every view of every sample must have one size", e.getMessage());
    }

    @Test
    void aViewMustKeepOneChannelCount(@TempDir Path root) throws IOException {
        views(root);
        ImageFolderTest.png(root.resolve("height/train/cat/b.png"), 4, 3, 20, false);
        var e = assertThrows(DatasetFormatException.class, () -> MultiViewFolder.load(root));
        assertEquals(root.resolve("height/train/cat/b.png") + ": 3 channel(s), but view 'height' has 1 (from its first image); "
                + "a view's images must have one channel count", e.getMessage());
    }

    @Test
    void oneViewOrAStrayFileIsRefused(@TempDir Path root) throws IOException {
        ImageFolderTest.folder(root.resolve("rgb"), false);
        var e = assertThrows(DatasetFormatException.class, () -> MultiViewFolder.load(root));
        assertEquals(root + ": 1 view folder(s); a multi-view folder needs at least two", e.getMessage());
        Files.writeString(root.resolve("notes.txt"), "x");
        e = assertThrows(DatasetFormatException.class, () -> MultiViewFolder.load(root));
        assertEquals(root.resolve("notes.txt") + ": a file beside the view folders: each view is a folder of its own", e.getMessage());
    }
}
