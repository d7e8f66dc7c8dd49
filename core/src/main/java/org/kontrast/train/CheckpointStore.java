package org.kontrast.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.kontrast.export.Sha256;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Checkpoints under one directory, each {@code step-NNNNNNNNNN/} holding the
 * variables and a manifest: the training position, the run id, the seed and the
 * sha256 of every file. A checkpoint is written into a temporary directory, its
 * manifest last, everything flushed to disk, then renamed into place in one atomic
 * move; so a directory named {@code step-*} with a readable manifest is complete,
 * and its checksums tell whether anything changed since.
 */
public final class CheckpointStore {
    public static final int KEEP_DEFAULT = 2;
    static final String MANIFEST = "manifest.properties";
    static final String PREFIX = "model";
    private static final int FORMAT = 1;
    private static final String CHECKSUM = "sha256.";
    /** The manifest's own checksum, over its other entries: a damaged step or seed is caught like a damaged file. */
    private static final String SELF_CHECKSUM = "manifest.sha256";
    private static final String STEP_DIR = "step-";
    private static final String TEMP_DIR = ".tmp-";

    private final Path directory;
    private final int keep;
    private final String runId;

    /**
     * @param runId what the checkpoints belong to (a run's recipe sha256); recorded in every manifest, and
     *              checkpoints of another run are not valid here; null when only reading, to accept any
     */
    public CheckpointStore(Path directory, int keep, String runId) {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints.keep must be >= 1, got " + keep);
        }
        this.directory = directory;
        this.keep = keep;
        this.runId = runId;
    }

    public Path directory() {
        return directory;
    }

    public String runId() {
        return runId;
    }

    /** A checkpoint that could not be used, and why. */
    public record Rejected(Path directory, String reason) {
    }

    public CheckpointState save(Experiment experiment, TrainingPosition position) {
        if (runId == null) {
            throw new IllegalStateException("a checkpoint store opened without a run id only reads");
        }
        String name = String.format("%s%010d", STEP_DIR, position.step());
        Path target = directory.resolve(name);
        Path temp = directory.resolve(TEMP_DIR + name);
        try {
            Files.createDirectories(directory);
            deleteTree(temp);
            Files.createDirectories(temp);
            try {
                experiment.save(temp.resolve(PREFIX));
            } catch (TensorFlowException e) {
                // TensorFlow appends graph context and an out-of-memory hint; the first line holds the reason.
                throw new IOException(String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip(), e);
            }
            Properties manifest = manifest(position, experiment.seed());
            try (Stream<Path> files = Files.list(temp)) {
                for (Path f : files.sorted().toList()) {
                    force(f);
                    manifest.setProperty(CHECKSUM + f.getFileName(), Sha256.of(f));
                }
            }
            manifest.setProperty(SELF_CHECKSUM, selfChecksum(manifest));
            Path manifestFile = temp.resolve(MANIFEST);
            try (OutputStream out = Files.newOutputStream(manifestFile)) {
                manifest.store(out, "Kontrast checkpoint");
            }
            force(manifestFile);
            force(temp);
            deleteTree(target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            force(directory);
            prune();
        } catch (IOException | UncheckedIOException e) {
            try {
                deleteTree(temp);
            } catch (IOException ignored) {
                // The write already failed (often a full disk); that error is the one to report.
            }
            throw new UncheckedIOException("could not write checkpoint " + target + " (" + e.getMessage()
                    + "); the earlier checkpoints are intact", e instanceof IOException io ? io : new IOException(e));
        }
        return new CheckpointState(target, target.resolve(PREFIX), position, runId, experiment.seed());
    }

    private Properties manifest(TrainingPosition p, long seed) {
        Properties m = new Properties();
        m.setProperty("format", Integer.toString(FORMAT));
        m.setProperty("run", runId);
        m.setProperty("step", Long.toString(p.step()));
        m.setProperty("data.epoch", Integer.toString(p.epoch()));
        m.setProperty("data.batch", Integer.toString(p.batch()));
        // The random streams are stateless: (seed, step) is their whole state.
        m.setProperty("rng.seed", Long.toString(seed));
        m.setProperty("rng.counter", Long.toString(p.step()));
        // Hexadecimal doubles round-trip exactly.
        m.setProperty("trainer.epoch_loss_sum", Double.toHexString(p.epochLossSum()));
        m.setProperty("trainer.epoch_steps", Integer.toString(p.epochSteps()));
        m.setProperty("trainer.epoch_seconds", Double.toHexString(p.epochSeconds()));
        m.setProperty("trainer.train_seconds", Double.toHexString(p.trainSeconds()));
        return m;
    }

    /** The newest checkpoint whose files all match their checksums, if any. */
    public Optional<CheckpointState> latest() {
        return newestValid(r -> { });
    }

    /**
     * The newest checkpoint whose manifest reads and whose files match their checksums;
     * each newer one that does not is reported to {@code rejected} and skipped.
     */
    public Optional<CheckpointState> newestValid(Consumer<Rejected> rejected) {
        for (Path dir : stepDirectories()) {
            try {
                return Optional.of(verify(dir));
            } catch (InvalidCheckpoint e) {
                rejected.accept(new Rejected(dir, e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** Checkpoints with a readable manifest, newest first; their files are not checked. */
    public List<CheckpointState> complete() {
        List<CheckpointState> out = new ArrayList<>();
        for (Path dir : stepDirectories()) {
            try {
                out.add(read(dir));
            } catch (InvalidCheckpoint e) {
                // Not complete: skipped here, reported by newestValid.
            }
        }
        return out;
    }

    /** Step directories, newest (highest step in the name) first. */
    private List<Path> stepDirectories() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(STEP_DIR) && Files.isDirectory(d))
                    .sorted(Comparator.comparing((Path d) -> d.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static final class InvalidCheckpoint extends Exception {
        InvalidCheckpoint(String message) {
            super(message, null, false, false);
        }
    }

    private CheckpointState verify(Path dir) throws InvalidCheckpoint {
        CheckpointState state = read(dir);
        if (runId != null && !runId.equals(state.runId())) {
            throw new InvalidCheckpoint("it belongs to run " + state.runId() + ", not " + runId);
        }
        Properties m = load(dir);
        for (String key : new java.util.TreeSet<>(m.stringPropertyNames())) {
            if (!key.startsWith(CHECKSUM)) {
                continue;
            }
            String file = key.substring(CHECKSUM.length());
            Path f = dir.resolve(file);
            if (file.isEmpty() || file.contains("/") || !Files.isRegularFile(f)) {
                throw new InvalidCheckpoint(file + " is missing");
            }
            try {
                if (!Sha256.of(f).equals(m.getProperty(key))) {
                    throw new InvalidCheckpoint(file + " does not match its checksum (changed or damaged after it was written)");
                }
            } catch (IOException e) {
                throw new InvalidCheckpoint(file + " cannot be read (" + e.getMessage() + ")");
            }
        }
        if (!m.containsKey(CHECKSUM + PREFIX + ".index")) {
            throw new InvalidCheckpoint("the manifest lists no " + PREFIX + ".index");
        }
        return state;
    }

    private CheckpointState read(Path dir) throws InvalidCheckpoint {
        Properties m = load(dir);
        if (!selfChecksum(m).equals(m.getProperty(SELF_CHECKSUM))) {
            throw new InvalidCheckpoint(MANIFEST + " does not match its checksum (changed or damaged after it was written)");
        }
        try {
            String format = m.getProperty("format");
            if (!Integer.toString(FORMAT).equals(format)) {
                throw new InvalidCheckpoint("manifest format " + format + ", expected " + FORMAT);
            }
            String run = m.getProperty("run");
            if (run == null) {
                throw new InvalidCheckpoint("the manifest names no run");
            }
            var position = new TrainingPosition(Long.parseLong(required(m, "step")), Integer.parseInt(required(m, "data.epoch")),
                    Integer.parseInt(required(m, "data.batch")), Double.parseDouble(required(m, "trainer.epoch_loss_sum")),
                    Integer.parseInt(required(m, "trainer.epoch_steps")), Double.parseDouble(required(m, "trainer.epoch_seconds")),
                    Double.parseDouble(required(m, "trainer.train_seconds")));
            return new CheckpointState(dir, dir.resolve(PREFIX), position, run, Long.parseLong(required(m, "rng.seed")));
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpoint("the manifest does not read (" + e.getMessage() + ")");
        }
    }

    private static String selfChecksum(Properties m) {
        StringBuilder text = new StringBuilder();
        for (String key : new java.util.TreeSet<>(m.stringPropertyNames())) {
            if (!key.equals(SELF_CHECKSUM)) {
                text.append(key).append('=').append(m.getProperty(key)).append('\n');
            }
        }
        return Sha256.of(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String required(Properties m, String key) throws InvalidCheckpoint {
        String v = m.getProperty(key);
        if (v == null) {
            throw new InvalidCheckpoint("the manifest has no " + key);
        }
        return v;
    }

    private static Properties load(Path dir) throws InvalidCheckpoint {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidCheckpoint("no " + MANIFEST + " (the write did not finish)");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifest)) {
            p.load(in);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCheckpoint(MANIFEST + " does not read (" + e.getMessage() + ")");
        }
    }

    /** Keeps the newest {@code keep}; also removes what a crash left half-written (one writer holds the run's lock). */
    private void prune() throws IOException {
        List<CheckpointState> all = complete();
        for (int i = keep; i < all.size(); i++) {
            deleteTree(all.get(i).directory());
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith(TEMP_DIR)).toList()) {
                deleteTree(d);
            }
        }
    }

    /** Flushes a file or a directory (its entries) to the disk. */
    private static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Deletes a folder and everything in it; nothing if it is not there. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
