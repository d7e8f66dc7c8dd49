package org.kontrast.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.kontrast.data.ImageDataset;

/**
 * Colored-MNIST on disk: built from MNIST on first use, then read back. The cache
 * folder is written whole under a temporary name and renamed into place, so a build
 * that dies leaves either the old cache or none, never half of one; a cache built with
 * another size, seed or generator version is rebuilt.
 */
public final class ColoredMnistCache {
    /** Bumped whenever {@link ColoredMnist} would paint different pixels. */
    public static final int GENERATOR_VERSION = 1;
    static final String PROPERTIES = "generator.properties";
    private static final String[] FILES = {
        "train-images-idx4-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx4-ubyte", "t10k-labels-idx1-ubyte"};
    private static final long TRAIN_SALT = 0;
    private static final long TEST_SALT = 1;

    private ColoredMnistCache() {
    }

    /**
     * The coloured splits, from the cache under {@code dir} when it matches the generator,
     * else built from {@code mnist} and cached.
     */
    public static Split load(Path dir, ColoredMnist generator, Supplier<Split> mnist) {
        if (!matches(dir, generator)) {
            build(dir, generator, mnist.get());
        }
        List<Path> files = Stream.of(FILES).map(dir::resolve).toList();
        return new Split(IdxImages.load(Catalog.COLORED_MNIST + "-train", files.get(0), files.get(1)),
                IdxImages.load(Catalog.COLORED_MNIST + "-test", files.get(2), files.get(3)), files);
    }

    static boolean matches(Path dir, ColoredMnist generator) {
        Path props = dir.resolve(PROPERTIES);
        if (!Files.isRegularFile(props) || Stream.of(FILES).anyMatch(f -> !Files.isRegularFile(dir.resolve(f)))) {
            return false;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(props)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return expected(generator).equals(p);
    }

    private static Properties expected(ColoredMnist generator) {
        Properties p = new Properties();
        p.setProperty("size", Integer.toString(generator.size()));
        p.setProperty("seed", Long.toString(generator.seed()));
        p.setProperty("generator.version", Integer.toString(GENERATOR_VERSION));
        return p;
    }

    private static void build(Path dir, ColoredMnist generator, Split mnist) {
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(parent);
            delete(tmp);
            Files.createDirectories(tmp);
            writeSplit(tmp, FILES[0], FILES[1], generator, mnist.train(), TRAIN_SALT);
            writeSplit(tmp, FILES[2], FILES[3], generator, mnist.test(), TEST_SALT);
            try (OutputStream out = Files.newOutputStream(tmp.resolve(PROPERTIES))) {
                expected(generator).store(out, "Colored-MNIST cache; delete this folder to rebuild it");
            }
            Path old = parent.resolve("." + dir.getFileName() + ".old-" + ProcessHandle.current().pid());
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        } catch (IOException e) {
            try {
                delete(tmp);
            } catch (IOException ignored) {
                // The build already failed; that error is the one to report.
            }
            throw new UncheckedIOException("cannot write the Colored-MNIST cache " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private static void writeSplit(Path dir, String images, String labels, ColoredMnist generator, ImageDataset digits, long salt)
            throws IOException {
        byte[] px = generator.pixels(digits, salt);
        int n = digits.size();
        IdxWriter.write(dir.resolve(images), new int[] {n, generator.size(), generator.size(), 3}, px, 0, px.length);
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) digits.label(i);
        }
        IdxWriter.write(dir.resolve(labels), new int[] {n}, lab, 0, n);
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
