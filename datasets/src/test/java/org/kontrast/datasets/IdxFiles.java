package org.kontrast.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests. */
public final class IdxFiles {
    private IdxFiles() {
    }

    public static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) IdxReader.UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    public static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            bytes = out.toByteArray();
        }
        return Files.write(file, bytes);
    }

    /** A small Fashion-MNIST-shaped set: four IDX files (gzip) of n train and m test images. */
    public static void writeSplit(Path dir, int n, int m, int side, long seed) throws IOException {
        java.util.Random r = new java.util.Random(seed);
        for (String part : new String[] {"train", "t10k"}) {
            int count = part.equals("train") ? n : m;
            byte[] px = new byte[count * side * side];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                int c = r.nextInt(4);
                labels[i] = (byte) c;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        double v = 0.5 + 0.4 * Math.sin((c % 2 == 0 ? x : y) * (0.5 + 0.3 * c)) + 0.1 * r.nextGaussian();
                        px[(i * side + y) * side + x] = (byte) Math.max(0, Math.min(255, (int) (v * 255)));
                    }
                }
            }
            write(dir.resolve(part + "-images-idx3-ubyte.gz"), idx(new int[] {count, side, side}, px), true);
            write(dir.resolve(part + "-labels-idx1-ubyte.gz"), idx(new int[] {count}, labels), true);
        }
    }
}
