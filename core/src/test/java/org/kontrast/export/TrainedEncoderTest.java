package org.kontrast.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.SimClr;
import org.kontrast.nn.Padding;
import org.kontrast.runtime.TensorValues;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizers;
import org.kontrast.view.TwoViews;
import org.jetbrains.kotlinx.dl.api.inference.InferenceModel;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The encoder out of a checkpoint and through a SavedModel gives what the training process's encoder gave. */
class TrainedEncoderTest {
    private static final int N = 12;
    private static final EncoderFactory ENCODER = EncoderFactory.convNet(8, 2, Padding.SAME);

    /** Trains a few steps, saves a checkpoint under dir/ckpt; returns the in-process representations of the first N images. */
    private static float[] trainAndSave(ImageDataset data, Path dir) {
        try (Experiment e = Experiment.build(new SimClr(new TwoViews(new AugmentationPipeline(List.of())), ENCODER, 8, 8,
                new NtXentLoss(0.1)), data.shape(), 8, Optimizers.adam(), 3, 1)) {
            int[] order = Batches.epochOrder(3, 0, data.size());
            for (int s = 0; s < 3; s++) {
                try (TUint8 b = data.batch(order, s * 8, 8)) {
                    e.step(b, s, 1e-2);
                }
            }
            e.save(dir.resolve("ckpt"));
            try (TUint8 b = data.range(0, N)) {
                return e.encode(b)[0];
            }
        }
    }

    private static float[] unitFloats(ImageDataset data, int n) {
        int per = data.bytesPerImage();
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.pixel(i) / 255f;
        }
        return x;
    }

    private static float[] flat(float[][] rows) {
        int d = rows[0].length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    @Test
    void checkpointAndSavedModelGiveTheTrainingEncodersFeatures(@TempDir Path dir) throws Exception {
        ImageDataset data = SyntheticImages.stripes(32, 8, 4, 1);
        float[] expected = trainAndSave(data, dir);
        float[] images = unitFloats(data, N);
        try (TrainedEncoder enc = TrainedEncoder.fromCheckpoint(ENCODER, data.shape(), data.shape(), dir.resolve("ckpt"), 1)) {
            assertArrayEquals(expected, flat(enc.embed(images, N, TrainedEncoder.REPRESENTATION)), 1e-5f);
            enc.exportSavedModel(dir.resolve("saved"));
        }
        // Plain TensorFlow Java, no Kontrast class: the serving signature alone.
        try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("saved").toString(), SavedModelBundle.DEFAULT_TAG);
             TFloat32 x = TFloat32.tensorOf(Shape.of(N, 8, 8, 1), DataBuffers.of(images, true, false));
             Result r = b.function(TrainedEncoder.SIGNATURE).call(Map.<String, Tensor>of(TrainedEncoder.INPUT, x))) {
            TFloat32 y = (TFloat32) r.get(TrainedEncoder.REPRESENTATION).orElseThrow();
            assertArrayEquals(expected, TensorValues.floats(y), 1e-5f);
        }
        try (TrainedEncoder loaded = TrainedEncoder.loadSavedModel(dir.resolve("saved"))) {
            assertArrayEquals(new long[] {8, 8, 1}, loaded.getInputDimensions());
            assertArrayEquals(expected, flat(loaded.embed(images, N, TrainedEncoder.REPRESENTATION)), 1e-5f);
            float[] first = java.util.Arrays.copyOf(images, 64);
            float[] soft = loaded.predictSoftly(first, "");
            int best = 0;
            for (int i = 1; i < soft.length; i++) {
                best = soft[i] > soft[best] ? i : best;
            }
            assertEquals(best, loaded.predict(first));
            try (InferenceModel copy = loaded.copy("copy", false, true)) {
                assertArrayEquals(soft, copy.predictSoftly(first, TrainedEncoder.REPRESENTATION), 0f);
            }
        }
    }

    @Test
    void summaryCountsTheEncodersParameters(@TempDir Path dir) {
        ImageDataset data = SyntheticImages.stripes(32, 8, 4, 1);
        trainAndSave(data, dir);
        try (TrainedEncoder enc = TrainedEncoder.fromCheckpoint(ENCODER, data.shape(), data.shape(), dir.resolve("ckpt"), 1)) {
            String s = enc.summary();
            // Two 3x3 convolutions of width 8 with biases (1 -> 8 -> 8 channels), then the ConvNet's Dense over 8x8x8 to 8.
            long convs = (3 * 3 * 1 * 8 + 8) + (3 * 3 * 8 * 8 + 8);
            assertTrue(s.contains("total parameters: "), s);
            long total = Long.parseLong(s.replaceAll("(?s).*total parameters: ([0-9,]+).*", "$1").replace(",", ""));
            assertTrue(total > convs, s);
            assertTrue(s.contains("input  images: [n, 8, 8, 1]"), s);
        }
    }

    @Test
    void imagesOfAnotherSizeAreResizedAndBufferedImagesWork(@TempDir Path dir) {
        ImageDataset data = SyntheticImages.stripes(32, 8, 4, 1);
        trainAndSave(data, dir);
        try (TrainedEncoder enc = TrainedEncoder.fromCheckpoint(ENCODER, data.shape(), data.shape(), dir.resolve("ckpt"), 1)) {
            BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    gray.setRGB(x, y, (x / 2) % 2 == 0 ? 0xffffff : 0);
                }
            }
            float[][] e = enc.embed(List.of(gray, gray), TrainedEncoder.REPRESENTATION);
            assertEquals(2, e.length);
            // Equal to rounding: a small layer's matrix product may block its two rows differently.
            assertArrayEquals(e[0], e[1], 1e-6f);
            enc.reshape(16, 16, 1);
            assertEquals(enc.dim(TrainedEncoder.REPRESENTATION), enc.predictSoftly(new float[256], "").length);
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> enc.reshape(16, 16, 3));
            assertTrue(bad.getMessage().contains("(height, width, 1)"), bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> enc.embed(new float[10], 1, TrainedEncoder.REPRESENTATION));
            assertThrows(IllegalArgumentException.class, () -> enc.embed(new float[256], 1, "logits"));
        }
    }

    @Test
    void clearErrorsForAMissingCheckpointOrModel(@TempDir Path dir) throws Exception {
        ImageShape shape = new ImageShape(8, 8, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainedEncoder.fromCheckpoint(ENCODER, shape, shape, dir.resolve("nothing"), 1));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainedEncoder.loadSavedModel(dir));
        assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
        ImageDataset data = SyntheticImages.stripes(32, 8, 4, 1);
        Files.createDirectories(dir.resolve("run"));
        trainAndSave(data, dir.resolve("run"));
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy").resolve("keep.txt"), "an older export");
        try (TrainedEncoder enc = TrainedEncoder.fromCheckpoint(ENCODER, shape, shape, dir.resolve("run").resolve("ckpt"), 1)) {
            e = assertThrows(IllegalArgumentException.class, () -> enc.exportSavedModel(dir.resolve("busy")));
            assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        }
        assertEquals("an older export", Files.readString(dir.resolve("busy").resolve("keep.txt")));
    }
}
