package org.kontrast.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Checkpoints under one directory, each {@code step-NNNNNNNNNN/} holding the
 * variables and a manifest. A checkpoint is written into a temporary directory,
 * its manifest last, flushed to disk, then renamed into place in one atomic move:
 * a directory named {@code step-*} with a manifest is always complete, so a crash
 * mid-write never leaves a half checkpoint as the newest.
 */
public final class CheckpointStore {
    public static final int KEEP_DEFAULT = 2;
    static final String MANIFEST = "checkpoint.properties";
    static final String PREFIX = "model";
    private static final String STEP_DIR = "step-";
    private static final String TEMP_DIR = ".tmp-";

    private final Path directory;
    private final int keep;

    public CheckpointStore(Path directory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints.keep must be >= 1, got " + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    public Path directory() {
        return directory;
    }

    public CheckpointState save(Experiment experiment, long step, int epoch) {
        String name = String.format("%s%010d", STEP_DIR, step);
        Path target = directory.resolve(name);
        Path temp = directory.resolve(TEMP_DIR + name);
        try {
            Files.createDirectories(directory);
            deleteTree(temp);
            Files.createDirectories(temp);
            experiment.save(temp.resolve(PREFIX));
            Properties manifest = new Properties();
            manifest.setProperty("step", Long.toString(step));
            manifest.setProperty("epoch", Integer.toString(epoch));
            try (OutputStream out = Files.newOutputStream(temp.resolve(MANIFEST))) {
                manifest.store(out, "Kontrast checkpoint");
            }
            try (Stream<Path> files = Files.list(temp)) {
                for (Path f : files.toList()) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            deleteTree(target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + target + ": " + e.getMessage(), e);
        }
        return new CheckpointState(target, target.resolve(PREFIX), step, epoch);
    }

    /** The newest complete checkpoint, if any. */
    public Optional<CheckpointState> latest() {
        return complete().stream().findFirst();
    }

    /** Complete checkpoints, newest first. */
    public List<CheckpointState> complete() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(STEP_DIR))
                    .map(CheckpointStore::read)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(CheckpointState::step).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Optional<CheckpointState> read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(manifest)) {
            p.load(in);
            return Optional.of(new CheckpointState(dir, dir.resolve(PREFIX),
                    Long.parseLong(p.getProperty("step")), Integer.parseInt(p.getProperty("epoch"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void prune() throws IOException {
        List<CheckpointState> all = complete();
        for (int i = keep; i < all.size(); i++) {
            deleteTree(all.get(i).directory());
        }
    }

    private static void deleteTree(Path root) throws IOException {
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
