package org.kontrast.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV, NPY and projector files read back by hand. */
class EmbeddingFilesTest {
    private static final float[][] ROWS = {{1.5f, -2f, 0.25f}, {0f, 3f, -0.5f}};
    private static final int[] INDICES = {7, 9};
    private static final int[] LABELS = {3, 1};

    @Test
    void csvHasIndexLabelAndFeatures(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(EmbeddingFiles.write(dir.resolve("e.csv"), ROWS, INDICES, LABELS));
        assertEquals(List.of("index,label,f0,f1,f2", "7,3,1.5,-2.0,0.25", "9,1,0.0,3.0,-0.5"), lines);
    }

    @Test
    void npyIsVersionOneFloat32WithAnAlignedHeader(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(EmbeddingFiles.write(dir.resolve("e.npy"), ROWS, INDICES, LABELS));
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = bb.getShort(8);
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)") && header.endsWith("\n"), header);
        assertEquals(10 + headerLen + 6 * 4, b.length);
        assertEquals(-0.5f, bb.getFloat(10 + headerLen + 5 * 4));
        assertEquals(List.of("index,label", "7,3", "9,1"), Files.readAllLines(dir.resolve("e.labels.csv")));
    }

    @Test
    void projectorDirectoryHasTensorsMetadataAndConfig(@TempDir Path dir) throws Exception {
        Path p = EmbeddingFiles.write(dir.resolve("projector"), ROWS, INDICES, LABELS);
        assertEquals(List.of("1.5\t-2.0\t0.25", "0.0\t3.0\t-0.5"), Files.readAllLines(p.resolve("tensors.tsv")));
        assertEquals(List.of("index\tlabel", "7\t3", "9\t1"), Files.readAllLines(p.resolve("metadata.tsv")));
        String config = Files.readString(p.resolve("projector_config.pbtxt"));
        assertTrue(config.contains("tensor_path: \"tensors.tsv\"") && config.contains("metadata_path: \"metadata.tsv\""), config);
        try (var files = Files.list(p)) {
            Path events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).findFirst().orElseThrow();
            assertEquals(EventFile.FILE_VERSION, EventFile.read(events).get(0).getFileVersion());
        }
    }
}
