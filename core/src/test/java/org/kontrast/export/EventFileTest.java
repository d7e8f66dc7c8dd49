package org.kontrast.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/** Event files read back record by record, checksums checked. */
class EventFileTest {
    @Test
    void scalarsReadBackWithTheirStepsAndTags(@TempDir Path dir) {
        Path file;
        try (EventFile f = EventFile.create(dir.resolve("tb"))) {
            Map<String, Double> a = new LinkedHashMap<>();
            a.put("train/loss", 4.25);
            a.put("train/lr", 1e-3);
            f.scalars(10, a);
            f.scalars(20, Map.of("eval/knn", 0.75));
            file = f.path();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        List<Event> events = EventFile.read(file);
        assertEquals(3, events.size());
        assertEquals(EventFile.FILE_VERSION, events.get(0).getFileVersion());
        assertEquals(10, events.get(1).getStep());
        assertEquals("train/loss", events.get(1).getSummary().getValue(0).getTag());
        assertEquals(4.25f, events.get(1).getSummary().getValue(0).getSimpleValue());
        assertEquals(1e-3f, events.get(1).getSummary().getValue(1).getSimpleValue());
        assertEquals(20, events.get(2).getStep());
        assertEquals(0.75f, events.get(2).getSummary().getValue(0).getSimpleValue());
    }

    @Test
    void theMaskedCrcOfAKnownInput() {
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720); masked: rotate right 15, add 0xa282ead8.
        int crc = 0xE3069283;
        int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        assertEquals(masked, EventFile.maskedCrc("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void aFlippedByteIsReportedWithItsRecord(@TempDir Path dir) throws Exception {
        Path file;
        try (EventFile f = EventFile.create(dir)) {
            f.scalars(1, Map.of("loss", 1.0));
            file = f.path();
        }
        byte[] b = Files.readAllBytes(file);
        b[b.length - 6] ^= 0x40;
        Files.write(file, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventFile.read(file));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(file.toString()), e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(b, 5));
        e = assertThrows(IllegalArgumentException.class, () -> EventFile.read(file));
        assertTrue(e.getMessage().contains("truncated record header at byte 0"), e.getMessage());
    }
}
