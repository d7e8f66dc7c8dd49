package org.kontrast.datasets;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes unsigned-byte IDX files (uncompressed), streaming, for caches the catalog builds. */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes {@code data} with the given dimensions; the first dimension is the item count. */
    public static void write(Path file, int[] dims, byte[] data, int offset, int length) throws IOException {
        long expected = 1;
        for (int d : dims) {
            expected *= d;
        }
        if (expected != length) {
            throw new IllegalArgumentException(file + ": dimensions hold " + expected + " bytes, given " + length);
        }
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeShort(0);
            out.writeByte(IdxReader.UNSIGNED_BYTE);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data, offset, length);
        }
    }
}
