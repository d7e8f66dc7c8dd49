package org.kontrast.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages IDX image and label files thousands of ways (seeded): truncation, flipped
 * and inserted bytes, headers that claim other types, ranks and sizes (up to 2 GB),
 * a label count that does not match, broken gzip streams, empty files, the two files
 * swapped. Every outcome must be a dataset or a {@link DatasetFormatException} that
 * names the damaged file; never anything else. Run more with -Dkontrast.fuzz.datasets=100000.
 */
class DatasetFuzzTest {
    private static final int COUNT = Integer.getInteger("kontrast.fuzz.datasets", 1000);

    @Test
    void damagedIdxFilesGiveOnlyErrorsThatNameTheFile(@TempDir Path dir) throws IOException {
        Random random = new Random(20261123);
        byte[] pixels = new byte[12 * 8 * 8];
        random.nextBytes(pixels);
        byte[] labels = new byte[12];
        byte[] images = IdxFiles.idx(new int[] {12, 8, 8}, pixels);
        byte[] labelFile = IdxFiles.idx(new int[] {12}, labels);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < COUNT; i++) {
            boolean damageImages = random.nextBoolean();
            boolean gzip = random.nextInt(3) == 0;
            byte[] img = damageImages ? mutate(images, random) : images;
            byte[] lab = damageImages ? labelFile : mutate(labelFile, random);
            if (random.nextInt(20) == 0) {
                byte[] t = img;
                img = lab;
                lab = t;
            }
            Path imgPath = Files.write(dir.resolve("images-" + i), gzip ? gzip(img, random) : img);
            Path labPath = Files.write(dir.resolve("labels-" + i), lab);
            try {
                IdxImages.load("fuzz", imgPath, labPath);
                loaded++;
            } catch (DatasetFormatException e) {
                assertTrue(e.getMessage().contains(imgPath.toString()) || e.getMessage().contains(labPath.toString()),
                        "the error names no file: " + e.getMessage());
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + ": " + e.getClass().getName() + ": " + e.getMessage(), e);
            }
            Files.delete(imgPath);
            Files.delete(labPath);
        }
        System.out.println("dataset fuzz: " + COUNT + " damaged file pairs, " + refused + " refused with a clean error, " + loaded + " still valid");
        assertTrue(refused > COUNT / 2, "most damage must be caught: " + refused + " refused, " + loaded + " loaded");
    }

    @Test
    void damagedImagesInAnImageFolderGiveOnlyErrorsThatNameTheFile(@TempDir Path dir) throws IOException {
        Random random = new Random(20261124);
        Path root = dir.resolve("folder");
        ImageFolderTest.folder(root, false);
        Path victim = root.resolve("train/cat/b.png");
        byte[] png = Files.readAllBytes(victim);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < COUNT; i++) {
            Files.write(victim, mutate(png, random));
            try {
                ImageFolder.load(root);
                loaded++;
            } catch (DatasetFormatException e) {
                assertTrue(e.getMessage().contains(victim.toString()), "the error names another file: " + e.getMessage());
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + ": " + e.getClass().getName() + ": " + e.getMessage(), e);
            }
        }
        System.out.println("image folder fuzz: " + COUNT + " damaged PNGs, " + refused + " refused with a clean error, "
                + loaded + " still readable");
        assertTrue(refused > COUNT / 2, "most damage must be caught: " + refused + " refused, " + loaded + " loaded");
    }

    private static byte[] mutate(byte[] file, Random r) {
        byte[] b = file.clone();
        switch (r.nextInt(8)) {
            case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> b[r.nextInt(Math.min(b.length, 16))] = (byte) r.nextInt(256);
            case 3 -> {
                // A dimension that claims far more (or fewer) bytes than the file holds.
                int at = 4 + 4 * r.nextInt(Math.max(1, b[3] & 0x7));
                if (at + 4 <= b.length) {
                    int v = r.nextBoolean() ? r.nextInt() : r.nextInt(64);
                    b[at] = (byte) (v >>> 24);
                    b[at + 1] = (byte) (v >>> 16);
                    b[at + 2] = (byte) (v >>> 8);
                    b[at + 3] = (byte) v;
                }
            }
            case 4 -> {
                byte[] extra = new byte[1 + r.nextInt(32)];
                r.nextBytes(extra);
                int at = r.nextInt(b.length);
                byte[] grown = new byte[b.length + extra.length];
                System.arraycopy(b, 0, grown, 0, at);
                System.arraycopy(extra, 0, grown, at, extra.length);
                System.arraycopy(b, at, grown, at + extra.length, b.length - at);
                b = grown;
            }
            case 5 -> b = new byte[0];
            case 6 -> {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
            default -> b[3] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Gzip, sometimes with the compressed stream itself damaged. */
    private static byte[] gzip(byte[] data, Random r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        byte[] g = out.toByteArray();
        if (r.nextBoolean()) {
            if (r.nextBoolean()) {
                g = Arrays.copyOf(g, 2 + r.nextInt(g.length - 2));
            } else {
                g[2 + r.nextInt(g.length - 2)] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return g;
    }
}
