package org.kontrast.datasets;

import java.nio.file.Path;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.ImageDataset;

/** An IDX image file (rank 3, grey; or rank 4 with channels last) and its label file as one {@link ImageDataset}. */
public final class IdxImages {
    private IdxImages() {
    }

    public static ImageDataset load(String name, Path images, Path labels) {
        IdxReader.Idx img = IdxReader.read(images);
        int rank = img.dims().length;
        if (rank != 3 && rank != 4) {
            throw new DatasetFormatException(images, "expected an image file of rank 3 (count, rows, columns) or 4 (count, rows,"
                    + " columns, channels), found rank " + rank);
        }
        int[] lab = null;
        if (labels != null) {
            IdxReader.Idx l = IdxReader.read(labels);
            if (l.dims().length != 1) {
                throw new DatasetFormatException(labels, "expected a label file of rank 1, found rank " + l.dims().length);
            }
            if (l.count() != img.count()) {
                throw new DatasetFormatException(labels, l.count() + " labels for " + img.count() + " images in " + images);
            }
            lab = new int[l.count()];
            for (int i = 0; i < lab.length; i++) {
                lab[i] = l.data()[i] & 0xFF;
            }
        }
        return new ImageDataset(name, img.data(), lab, new ImageShape(img.dims()[1], img.dims()[2], rank == 4 ? img.dims()[3] : 1));
    }
}
