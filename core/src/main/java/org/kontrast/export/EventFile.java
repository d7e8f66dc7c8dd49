package org.kontrast.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A TensorBoard event file of scalar summaries: TFRecord framing (length, masked
 * CRC-32C of the length, an Event protocol buffer, its masked CRC-32C) as
 * TensorFlow's own EventsWriter writes it, so {@code tensorboard --logdir} reads it.
 * Each {@link #scalars} call is flushed, so a running job's curves show up live.
 */
public final class EventFile implements AutoCloseable {
    /** The first event of every file names the format version. */
    public static final String FILE_VERSION = "brain.Event:2";
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path path;
    private final OutputStream out;

    private EventFile(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates {@code dir} if needed and a new events.out.tfevents.* file in it. */
    public static EventFile create(Path dir) {
        try {
            Files.createDirectories(dir);
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            long now = System.currentTimeMillis();
            Path p = dir.resolve("events.out.tfevents." + now / 1000 + "." + host);
            for (int i = 1; Files.exists(p); i++) {
                p = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + i);
            }
            EventFile f = new EventFile(p, new BufferedOutputStream(Files.newOutputStream(p)));
            f.write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion(FILE_VERSION).build());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write a TensorBoard event file (" + e.getMessage() + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    /** One event at {@code step} with a scalar per tag. */
    public void scalars(long step, Map<String, Double> values) {
        Summary.Builder s = Summary.newBuilder();
        values.forEach((tag, v) -> s.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
        try {
            write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step).setSummary(s).build());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot append to the event file (" + e.getMessage() + ")", e);
        }
    }

    private void write(Event e) throws IOException {
        byte[] data = e.toByteArray();
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        out.write(header.array());
        out.write(data);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length)).array());
        out.flush();
    }

    /** TFRecord's masked CRC: rotate right by 15 and add a constant, so CRCs of CRCs stay unlikely. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Every event of a file, checking each record's CRCs; a clear error names the file and the offset. */
    public static List<Event> read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            List<Event> events = new ArrayList<>();
            while (b.hasRemaining()) {
                int at = b.position();
                if (b.remaining() < 12) {
                    throw new IllegalArgumentException(file + ": truncated record header at byte " + at);
                }
                long len = b.getLong();
                if (b.getInt() != maskedCrc(all, at, 8)) {
                    throw new IllegalArgumentException(file + ": bad length checksum at byte " + at);
                }
                if (len < 0 || len > b.remaining() - 4) {
                    throw new IllegalArgumentException(file + ": truncated record at byte " + at);
                }
                byte[] data = new byte[(int) len];
                b.get(data);
                if (b.getInt() != maskedCrc(data, 0, data.length)) {
                    throw new IllegalArgumentException(file + ": bad data checksum in the record at byte " + at);
                }
                events.add(Event.parseFrom(data));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the event file (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot close the event file (" + e.getMessage() + ")", e);
        }
    }
}
