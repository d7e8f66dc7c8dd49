package org.kontrast.datasets;

import java.nio.file.Path;
import java.util.List;

import org.kontrast.data.ImageDataset;

/** A dataset's train and test parts, and the files they came from (for provenance). */
public record Split(ImageDataset train, ImageDataset test, List<Path> files) {
    public Split {
        files = List.copyOf(files);
    }
}
