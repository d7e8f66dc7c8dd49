package org.kontrast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.data.ImageDataset;

class IdxReaderTest {
    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 255};

    @Test
    void readsRawAndGzippedFiles(@TempDir Path dir) throws Exception {
        byte[] file = IdxFiles.idx(new int[] {2, 2, 2}, PIXELS);
        for (boolean gzip : new boolean[] {false, true}) {
            IdxReader.Idx idx = IdxReader.read(IdxFiles.write(dir.resolve("img" + gzip), file, gzip));
            assertArrayEquals(new int[] {2, 2, 2}, idx.dims());
            assertArrayEquals(PIXELS, idx.data());
        }
    }

    @Test
    void loadsImagesWithLabels(@TempDir Path dir) throws Exception {
        Path img = IdxFiles.write(dir.resolve("i"), IdxFiles.idx(new int[] {2, 2, 2}, PIXELS), false);
        Path lab = IdxFiles.write(dir.resolve("l"), IdxFiles.idx(new int[] {2}, new byte[] {7, 3}), true);
        ImageDataset d = IdxImages.load("t", img, lab);
        assertEquals(2, d.size());
        assertEquals(3, d.label(1));
        assertEquals(8, d.classes());
        assertEquals(255, d.pixel(7));
    }

    @Test
    void truncatedBodyNamesFileAndOffset(@TempDir Path dir) throws Exception {
        byte[] full = IdxFiles.idx(new int[] {2, 2, 2}, PIXELS);
        Path f = IdxFiles.write(dir.resolve("short.idx"), Arrays.copyOf(full, full.length - 3), false);
        var e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(f));
        assertEquals(f + ": truncated at byte offset 21: expected 8 data bytes after the header, found 5", e.getMessage());
    }

    @Test
    void truncatedHeaderNamesTheOffset(@TempDir Path dir) throws Exception {
        byte[] full = IdxFiles.idx(new int[] {2, 2, 2}, PIXELS);
        Path f = IdxFiles.write(dir.resolve("hdr.idx.gz"), Arrays.copyOf(full, 10), true);
        var e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(f));
        assertEquals(f + ": truncated at byte offset 10: expected dimension 2 of 3", e.getMessage());
    }

    @Test
    void wrongMagicIsRefused(@TempDir Path dir) throws Exception {
        Path f = IdxFiles.write(dir.resolve("png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}, false);
        var e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": wrong magic number 0x89504e47 at byte offset 0"), e.getMessage());
    }

    @Test
    void unsupportedTypeAndTrailingBytesAreRefused(@TempDir Path dir) throws Exception {
        byte[] floats = IdxFiles.idx(new int[] {1}, new byte[] {1});
        floats[2] = 0x0D;
        Path f = IdxFiles.write(dir.resolve("float"), floats, false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(f)).getMessage()
                .contains("unsupported IDX data type 0x0d at byte offset 2"));
        byte[] extra = Arrays.copyOf(IdxFiles.idx(new int[] {1}, new byte[] {1}), 10);
        Path g = IdxFiles.write(dir.resolve("extra"), extra, false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(g)).getMessage()
                .contains("unexpected data after byte offset 9"));
    }

    @Test
    void corruptGzipAndMissingFilesAreNamed(@TempDir Path dir) throws Exception {
        Path f = IdxFiles.write(dir.resolve("bad.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}, false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(f)).getMessage()
                .startsWith(f + ": corrupt gzip stream"));
        Path missing = dir.resolve("nope");
        assertEquals(missing + ": file not found",
                assertThrows(DatasetFormatException.class, () -> IdxReader.read(missing)).getMessage());
    }

    @Test
    void labelCountMismatchNamesBothFiles(@TempDir Path dir) throws Exception {
        Path img = IdxFiles.write(dir.resolve("i"), IdxFiles.idx(new int[] {2, 2, 2}, PIXELS), false);
        Path lab = IdxFiles.write(dir.resolve("l"), IdxFiles.idx(new int[] {3}, new byte[] {1, 2, 3}), false);
        assertEquals(lab + ": 3 labels for 2 images in " + img,
                assertThrows(DatasetFormatException.class, () -> IdxImages.load("t", img, lab)).getMessage());
    }

    @Test
    void catalogSaysHowToInstallAMissingDataset(@TempDir Path dir) {
        System.setProperty("kontrast.data.fashionMnist", dir.toString());
        try {
            var e = assertThrows(DatasetNotInstalledException.class, () -> Catalog.load(Catalog.FASHION_MNIST));
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
            assertEquals("dataset-fashion-mnist", e.debianPackage());
        } finally {
            System.clearProperty("kontrast.data.fashionMnist");
        }
    }

    @Test
    void catalogLoadsAnOverriddenDirectory(@TempDir Path dir) throws Exception {
        IdxFiles.writeSplit(dir, 20, 10, 8, 1);
        System.setProperty("kontrast.data.mnist", dir.toString());
        try {
            Split s = Catalog.load(Catalog.MNIST);
            assertEquals(20, s.train().size());
            assertEquals(10, s.test().size());
            assertEquals(4, s.files().size());
            assertTrue(Files.isRegularFile(s.files().get(0)));
        } finally {
            System.clearProperty("kontrast.data.mnist");
        }
    }
}
