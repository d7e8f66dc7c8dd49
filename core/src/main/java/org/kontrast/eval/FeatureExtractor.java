package org.kontrast.eval;

import org.kontrast.data.ImageDataset;
import org.kontrast.train.Experiment;
import org.tensorflow.types.TUint8;

/** Encodes a dataset with a frozen encoder, un-augmented, in fixed-size batches. */
public final class FeatureExtractor {
    public static final int BATCH_DEFAULT = 500;

    private FeatureExtractor() {
    }

    /** {representation, output} features of every image, in dataset order. */
    public static Features[] extract(Experiment experiment, ImageDataset dataset, int batch) {
        int n = dataset.size();
        int dr = experiment.representationDim();
        int dout = experiment.outputDim();
        float[] rep = new float[n * dr];
        float[] out = new float[n * dout];
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            try (TUint8 images = dataset.range(from, count)) {
                float[][] r = experiment.encode(images);
                System.arraycopy(r[0], 0, rep, from * dr, count * dr);
                System.arraycopy(r[1], 0, out, from * dout, count * dout);
            }
        }
        return new Features[] {new Features(rep, n, dr), new Features(out, n, dout)};
    }

    /** Raw pixels scaled to [0, 1], one row per image: the raw-pixel baseline. */
    public static Features pixels(ImageDataset dataset) {
        int per = dataset.bytesPerImage();
        float[] data = new float[dataset.size() * per];
        for (int i = 0; i < data.length; i++) {
            data[i] = dataset.pixel(i) / 255f;
        }
        return new Features(data, dataset.size(), per);
    }
}
