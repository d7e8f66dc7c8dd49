package org.kontrast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.InfoNce;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.Method;
import org.kontrast.method.MocoV2;
import org.kontrast.nn.Padding;
import org.kontrast.view.TwoViews;

/** A run stopped at a checkpoint and resumed in a new experiment ends exactly where an uninterrupted run ends. */
class ResumeTest {
    private static final int BATCH = 32;
    private static final int EPOCHS = 3;
    private static final ImageDataset DATA = SyntheticImages.stripes(160, 16, 4, 2);

    private static Method moco() {
        var views = new TwoViews(new AugmentationPipeline(List.of(new RandomResizedCrop(16, 0.3, 1.0, 0.75, 4.0 / 3),
                new HorizontalFlip(0.5))));
        // MoCo: besides weights and Adam's slots, a key queue and a momentum encoder must come back exactly.
        return new MocoV2(views, EncoderFactory.convNet(16, 2, Padding.SAME), 16, 16, new InfoNce(0.2), 0.99, 64);
    }

    /** Epoch mean losses, and the events seen, of a run over [start, stop) steps. */
    private record Outcome(List<Double> epochLosses, float[] weights, float[] queue, List<Long> checkpoints) {
    }

    private static Outcome train(Path dir, CheckpointState from, long stopAfter) {
        List<Double> losses = new ArrayList<>();
        List<Long> saved = new ArrayList<>();
        try (Experiment e = Experiment.build(moco(), DATA.shape(), BATCH, Optimizers.adam(), 11, 2)) {
            var trainer = Trainer.builder().setExperiment(e).setDataset(DATA)
                    .setSchedule(new WarmupCosine(3e-3, 2, 15))
                    .optEpochs(EPOCHS).optBatchSize(BATCH).optSeed(11)
                    .optCheckpoints(new CheckpointStore(dir, 3, "run-a")).optCheckpointEverySteps(2)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochEvent event) {
                            losses.add(event.meanLoss());
                        }

                        @Override
                        public void onCheckpoint(CheckpointState state) {
                            saved.add(state.step());
                            if (state.step() == stopAfter) {
                                throw new Killed();
                            }
                        }
                    });
            if (from != null) {
                trainer.optResumeFrom(from);
            }
            try {
                trainer.build().fit();
            } catch (Killed k) {
                // The process "dies" right after this checkpoint.
            }
            return new Outcome(losses, e.variable("convnet_conv1_kernel"), e.variable("moco_queue"), saved);
        }
    }

    private static final class Killed extends RuntimeException {
    }

    @Test
    void aRunResumedMidEpochEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) {
        Outcome whole = train(dir.resolve("whole"), null, -1);
        // 5 steps per epoch; stop at step 8, in the middle of the second epoch.
        Outcome first = train(dir.resolve("split"), null, 8);
        CheckpointState at = new CheckpointStore(dir.resolve("split"), 3, "run-a").latest().orElseThrow();
        assertEquals(8, at.step());
        assertEquals(1, at.position().epoch());
        assertEquals(3, at.position().batch());
        Outcome rest = train(dir.resolve("split"), at, -1);

        List<Double> joined = new ArrayList<>(first.epochLosses());
        joined.addAll(rest.epochLosses());
        assertEquals(whole.epochLosses(), joined, "epoch mean losses, the resumed epoch's included");
        assertArrayEquals(whole.weights(), rest.weights(), "weights");
        assertArrayEquals(whole.queue(), rest.queue(), "MoCo key queue");
        assertEquals(List.of(2L, 4L, 5L, 6L, 8L, 10L, 12L, 14L, 15L), whole.checkpoints());
    }

    @Test
    void aDamagedCheckpointIsSkippedForTheNewestIntactOne(@TempDir Path dir) throws Exception {
        train(dir, null, 4);
        CheckpointStore store = new CheckpointStore(dir, 3, "run-a");
        Path newest = store.latest().orElseThrow().directory();
        Path data = Files.list(newest).filter(f -> f.getFileName().toString().contains("data")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data, bytes);

        List<CheckpointStore.Rejected> rejected = new ArrayList<>();
        CheckpointState chosen = store.newestValid(rejected::add).orElseThrow();
        assertEquals(2, chosen.step());
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).reason().contains("does not match its checksum"), rejected.get(0).reason());
    }

    @Test
    void theManifestRecordsThePositionExactly(@TempDir Path dir) throws Exception {
        var position = new TrainingPosition(7, 1, 2, 10.123456789012345, 2, 0.1 + 0.2, 1.0 / 3);
        try (Experiment e = Experiment.build(moco(), DATA.shape(), BATCH, Optimizers.adam(), 11, 2)) {
            new CheckpointStore(dir, 1, "run-b").save(e, position);
        }
        CheckpointState read = new CheckpointStore(dir, 1, "run-b").latest().orElseThrow();
        assertEquals(position, read.position());
        assertEquals("run-b", read.runId());
        assertEquals(11, read.seed());
        String manifest = Files.readString(read.directory().resolve("manifest.properties"));
        assertTrue(manifest.contains("sha256.model.index="), manifest);
    }

    @Test
    void weightsThatTurnNanStopTheRunBeforeTheyAreSaved(@TempDir Path dir) {
        try (Experiment e = Experiment.build(moco(), DATA.shape(), BATCH, Optimizers.sgd(0.9, 0), 11, 2)) {
            assertTrue(e.weightsFinite());
            // The loss is computed before the update, so it is finite; the update with an infinite rate is not.
            var trainer = Trainer.builder().setExperiment(e).setDataset(DATA)
                    .setSchedule(step -> Double.POSITIVE_INFINITY)
                    .optEpochs(1).optBatchSize(BATCH).optSeed(11)
                    .optCheckpoints(new CheckpointStore(dir, 2, "run-c")).optCheckpointEverySteps(1).build();
            var error = assertThrows(TrainingDivergedException.class, trainer::fit);
            assertEquals(0, error.step());
            assertTrue(error.getMessage().contains("weights hold NaN or Inf"), error.getMessage());
            assertFalse(e.weightsFinite());
        }
        assertTrue(new CheckpointStore(dir, 2, "run-c").latest().isEmpty(), "nothing was saved");
    }
}
