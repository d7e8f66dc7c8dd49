package org.kontrast.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format: LeCun et al., "THE MNIST DATABASE"), raw or
 * gzip-compressed (detected by the gzip magic, not the file name). Only unsigned
 * byte data (type 0x08) is accepted, as MNIST and Fashion-MNIST use.
 * Every error names the file and, for a bad or truncated body, the byte offset.
 */
public final class IdxReader {
    static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 4;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** An IDX file's contents: dimensions and data bytes. */
    public record Idx(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    public static Idx read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return parse(file, in);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "file not found");
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException(file, "corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DatasetFormatException(file, "cannot read: " + e.getMessage());
        }
    }

    private static Idx parse(Path file, InputStream in) throws IOException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4) {
            throw new DatasetFormatException(file, "truncated at byte offset " + got + ": expected a 4-byte IDX magic number");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new DatasetFormatException(file, String.format(
                    "wrong magic number 0x%02x%02x%02x%02x at byte offset 0: an IDX file starts with 0x0000 then type and rank",
                    header[0], header[1], header[2], header[3]));
        }
        int type = header[2] & 0xFF;
        int rank = header[3] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DatasetFormatException(file, String.format(
                    "unsupported IDX data type 0x%02x at byte offset 2: expected 0x08 (unsigned byte)", type));
        }
        if (rank < 1 || rank > MAX_DIMS) {
            throw new DatasetFormatException(file, "IDX rank " + rank + " at byte offset 3: expected 1 to " + MAX_DIMS);
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            byte[] d = new byte[4];
            int n = in.readNBytes(d, 0, 4);
            long offset = 4L + 4L * i;
            if (n < 4) {
                throw new DatasetFormatException(file, "truncated at byte offset " + (offset + n)
                        + ": expected dimension " + (i + 1) + " of " + rank);
            }
            long size = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
            if (size < 1 || size > MAX_ELEMENTS) {
                throw new DatasetFormatException(file, "dimension " + (i + 1) + " is " + size + " at byte offset " + offset
                        + ": expected 1 to " + MAX_ELEMENTS);
            }
            dims[i] = (int) size;
            elements *= size;
            if (elements > MAX_ELEMENTS) {
                throw new DatasetFormatException(file, "the dimensions ask for more than " + MAX_ELEMENTS + " bytes");
            }
        }
        long bodyStart = 4L + 4L * rank;
        // Read in growing chunks rather than allocate what the header claims: a damaged header can claim 2 GB.
        byte[] data = in.readNBytes((int) elements);
        if (data.length < elements) {
            throw new DatasetFormatException(file, "truncated at byte offset " + (bodyStart + data.length) + ": expected "
                    + elements + " data bytes after the header, found " + data.length);
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(file, "unexpected data after byte offset " + (bodyStart + data.length)
                    + ": the header announces " + data.length + " data bytes");
        }
        return new Idx(dims, data);
    }
}
