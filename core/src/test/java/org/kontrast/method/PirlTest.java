package org.kontrast.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NonParametricSoftmax;
import org.kontrast.memory.MemoryBank;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizers;
import org.kontrast.view.Jigsaw;
import org.tensorflow.types.TUint8;

class PirlTest {
    private static final int N = 16;
    private static final int BATCH = 4;
    private static final int DIM = 8;

    private static Pirl pirl(double lambda, int negatives) {
        return new Pirl(new AugmentationPipeline(List.of()), new Jigsaw(Jigsaw.PATCH_FRACTION_DEFAULT), MethodsLearnTest.encoder(), DIM,
                new NonParametricSoftmax(0.1), negatives, lambda, MemoryBank.MOMENTUM_DEFAULT, N);
    }

    private static float firstLoss(double lambda, int negatives) {
        ImageDataset data = SyntheticImages.noisyStripes(N, 16, 4, 1);
        int[] order = {3, 8, 0, 11};
        try (Experiment e = Experiment.build(pirl(lambda, negatives), data.shape(), BATCH, Optimizers.adam(), 1, 1);
             TUint8 batch = data.batch(order, 0, BATCH)) {
            return e.step(batch, order, 0, 1e-3, 0);
        }
    }

    @Test
    void theLossMixesTheJigsawAndImageTermsByLambda() {
        // Same seed, same parameters, same draws: only lambda differs, so the mixture is linear in it.
        for (int negatives : new int[] {0, 8}) {
            float image = firstLoss(0, negatives);
            float jigsaw = firstLoss(1, negatives);
            assertTrue(Math.abs(image - jigsaw) > 1e-3, "the two terms differ: " + image + " " + jigsaw);
            assertEquals(0.5 * jigsaw + 0.5 * image, firstLoss(0.5, negatives), 1e-5);
            assertEquals(0.25 * jigsaw + 0.75 * image, firstLoss(0.25, negatives), 1e-5);
        }
    }

    @Test
    void aStepMovesExactlyTheBatchsBankRows() {
        ImageDataset data = SyntheticImages.noisyStripes(N, 16, 4, 1);
        int[] order = {9, 2, 14, 5};
        try (Experiment e = Experiment.build(pirl(Pirl.LAMBDA_DEFAULT, 8), data.shape(), BATCH, Optimizers.adam(), 1, 1);
             TUint8 batch = data.batch(order, 0, BATCH)) {
            assertTrue(e.usesIndices());
            float[] before = e.variable(Pirl.BANK);
            e.step(batch, order, 0, 1e-3, 0);
            float[] after = e.variable(Pirl.BANK);
            for (int row = 0; row < N; row++) {
                int r = row;
                boolean inBatch = Arrays.stream(order).anyMatch(i -> i == r);
                assertEquals(!inBatch, Arrays.equals(Arrays.copyOfRange(before, row * DIM, (row + 1) * DIM),
                        Arrays.copyOfRange(after, row * DIM, (row + 1) * DIM)), "row " + row);
            }
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertEquals("lambda must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class, () -> pirl(1.5, 0)).getMessage());
        assertEquals("PIRL needs embedding >= 1, bankSize >= 1 and negatives >= 0, got embedding=8 bankSize=16 negatives=-1",
                assertThrows(IllegalArgumentException.class, () -> pirl(0.5, -1)).getMessage());
    }

    @Test
    void learnsOnSyntheticStripes() {
        MethodsLearnTest.assertLearns("pirl", new Pirl(MethodsLearnTest.views().pipeline(), new Jigsaw(Jigsaw.PATCH_FRACTION_DEFAULT),
                MethodsLearnTest.encoder(), MethodsLearnTest.WIDTH, new NonParametricSoftmax(0.1), 0, Pirl.LAMBDA_DEFAULT,
                MemoryBank.MOMENTUM_DEFAULT, MethodsLearnTest.TRAIN_SIZE));
    }
}
