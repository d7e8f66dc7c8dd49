package org.kontrast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.HorizontalFlip;
import org.kontrast.augment.RandomResizedCrop;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.Method;
import org.kontrast.method.SimClr;
import org.kontrast.nn.Padding;
import org.kontrast.view.TwoViews;
import org.tensorflow.types.TUint8;

class TrainerTest {
    private static final int BATCH = 64;

    private static Method simclr() {
        var views = new TwoViews(new AugmentationPipeline(List.of(new RandomResizedCrop(16, 0.3, 1.0, 0.75, 4.0 / 3),
                new HorizontalFlip(0.5))));
        return new SimClr(views, EncoderFactory.convNet(32, 3, Padding.SAME), 32, 32, new NtXentLoss(0.2));
    }

    private static TrainingPosition at(long step) {
        return new TrainingPosition(step, 0, (int) step, 0, 0, 0, 0);
    }

    @Test
    void simclrLossFallsOnSyntheticImages() {
        ImageDataset data = SyntheticImages.stripes(512, 16, 4, 1);
        List<Double> epochLoss = new ArrayList<>();
        try (Experiment e = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 3, 2)) {
            Trainer.builder().setExperiment(e).setDataset(data).setSchedule(LearningRateSchedule.constant(2e-3))
                    .optEpochs(6).optBatchSize(BATCH).optSeed(3)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochEvent event) {
                            epochLoss.add(event.meanLoss());
                        }
                    })
                    .build().fit();
        }
        // Chance level is log(2N - 1) = log(127) = 4.84; a learning model ends well below its first epoch.
        assertEquals(6, epochLoss.size());
        assertTrue(epochLoss.get(0) > 4.0, "first epoch " + epochLoss);
        assertTrue(epochLoss.get(5) < epochLoss.get(0) - 0.5, "loss did not fall: " + epochLoss);
    }

    @Test
    void restoredCheckpointContinuesWithTheIdenticalNextLoss(@TempDir Path dir) {
        ImageDataset data = SyntheticImages.stripes(256, 16, 4, 2);
        int[] order = Batches.epochOrder(5, 0, data.size());
        CheckpointStore store = new CheckpointStore(dir, 2, "test");
        float expected;
        try (Experiment a = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 5, 2)) {
            for (int step = 0; step < 3; step++) {
                try (TUint8 b = data.batch(order, (step % 4) * BATCH, BATCH)) {
                    a.step(b, step, 1e-3);
                }
            }
            store.save(a, at(3));
            try (TUint8 b = data.batch(order, 3 * BATCH, BATCH)) {
                expected = a.step(b, 3, 1e-3);
            }
        }
        CheckpointState latest = store.latest().orElseThrow();
        assertEquals(3, latest.step());
        try (Experiment b = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 5, 2)) {
            b.restore(latest.prefix());
            try (TUint8 batch = data.batch(order, 3 * BATCH, BATCH)) {
                assertEquals(expected, b.step(batch, 3, 1e-3), 0f, "restored run must repeat the next step exactly");
            }
        }
    }

    @Test
    void aHalfWrittenCheckpointIsNeverTheLatest(@TempDir Path dir) throws Exception {
        ImageDataset data = SyntheticImages.stripes(128, 16, 4, 2);
        CheckpointStore store = new CheckpointStore(dir, 3, "test");
        try (Experiment e = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 5, 2)) {
            store.save(e, at(1));
            store.save(e, at(2));
        }
        // A crash mid-write leaves a temporary directory, or a step directory without its manifest.
        Files.createDirectories(dir.resolve(".tmp-step-0000000003"));
        Files.createDirectories(dir.resolve("step-0000000004"));
        assertEquals(2, store.latest().orElseThrow().step());
        assertEquals(2, store.complete().size());
        // The next save clears what the crash left.
        try (Experiment e = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 5, 2)) {
            store.save(e, at(5));
        }
        assertTrue(Files.notExists(dir.resolve(".tmp-step-0000000003")));
    }

    @Test
    void keepsOnlyTheNewestCheckpoints(@TempDir Path dir) {
        ImageDataset data = SyntheticImages.stripes(128, 16, 4, 2);
        CheckpointStore store = new CheckpointStore(dir, 2, "test");
        try (Experiment e = Experiment.build(simclr(), data.shape(), BATCH, Optimizers.adam(), 5, 2)) {
            for (long s = 1; s <= 4; s++) {
                store.save(e, at(s));
            }
        }
        assertEquals(List.of(4L, 3L), store.complete().stream().map(CheckpointState::step).toList());
    }
}
