package org.kontrast.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embeddings out, one row per image with its dataset index and label: CSV,
 * NumPy .npy (float32 [n, d], with the indices and labels in a sibling
 * .labels.csv), or the TensorBoard projector's files (tensors.tsv, metadata.tsv,
 * projector_config.pbtxt, and an event file so that TensorBoard counts the folder
 * as a run). Every file is written to a temporary name and moved into place, so a
 * failed export never leaves half a file under the final name.
 */
public final class EmbeddingFiles {
    private EmbeddingFiles() {
    }

    /** By the name: *.csv, *.npy, or else a directory for the projector. */
    public static Path write(Path out, float[][] rows, int[] indices, int[] labels) {
        if (rows.length != indices.length || (labels != null && labels.length != rows.length)) {
            throw new IllegalArgumentException("rows, indices and labels must have the same length");
        }
        String name = out.getFileName().toString().toLowerCase();
        if (name.endsWith(".csv")) {
            AtomicFile.write(out, csv(rows, indices, labels));
        } else if (name.endsWith(".npy")) {
            AtomicFile.write(out, npy(rows));
            String base = out.getFileName().toString();
            AtomicFile.write(out.resolveSibling(base.substring(0, base.length() - 4) + ".labels.csv"), csv(new float[rows.length][0], indices, labels));
        } else {
            projector(out, rows, indices, labels);
        }
        return out;
    }

    static byte[] csv(float[][] rows, int[] indices, int[] labels) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        StringBuilder sb = new StringBuilder("index,label");
        for (int j = 0; j < d; j++) {
            sb.append(",f").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < rows.length; i++) {
            sb.append(indices[i]).append(',').append(labels == null ? "" : Integer.toString(labels[i]));
            for (float v : rows[i]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** NPY format version 1.0: magic, header length, a Python dict literal padded to 64 bytes, little-endian data. */
    static byte[] npy(float[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("every row must have " + d + " values, got " + row.length);
            }
            for (float v : row) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    private static void projector(Path dir, float[][] rows, int[] indices, int[] labels) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the projector directory (" + e.getMessage() + ")", e);
        }
        StringBuilder t = new StringBuilder();
        StringBuilder m = new StringBuilder("index\tlabel\n");
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                t.append(j == 0 ? "" : "\t").append(rows[i][j]);
            }
            t.append('\n');
            m.append(indices[i]).append('\t').append(labels == null ? "" : Integer.toString(labels[i])).append('\n');
        }
        AtomicFile.write(dir.resolve("tensors.tsv"), t.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("metadata.tsv"), m.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("projector_config.pbtxt"), ("embeddings {\n  tensor_name: \"embedding\"\n"
                + "  tensor_path: \"tensors.tsv\"\n  metadata_path: \"metadata.tsv\"\n}\n").getBytes(StandardCharsets.UTF_8));
        // TensorBoard's projector looks for its config in the folders of runs, and a run is a folder with an event file.
        try (var files = Files.list(dir)) {
            if (files.noneMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents."))) {
                EventFile.create(dir).close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the projector directory (" + e.getMessage() + ")", e);
        }
    }
}
