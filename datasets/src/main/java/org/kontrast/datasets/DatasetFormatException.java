package org.kontrast.datasets;

import java.nio.file.Path;

/** A dataset file is missing, truncated or not in the expected format; the message names the file. */
public final class DatasetFormatException extends RuntimeException {
    private final Path file;

    public DatasetFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
