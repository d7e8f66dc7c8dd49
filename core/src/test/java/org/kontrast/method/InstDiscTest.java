package org.kontrast.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class InstDiscTest {
    private static final int N = 16;
    private static final int BATCH = 4;
    private static final int DIM = 8;

    private static Experiment experiment() {
        InstDisc method = new InstDisc(new AugmentationPipeline(List.of()), MethodsLearnTest.encoder(), 0, DIM, new NonParametricSoftmax(0.1), 0,
                MemoryBank.MOMENTUM_DEFAULT, N);
        return Experiment.build(method, SyntheticImages.noisyStripes(N, 16, 4, 1).shape(), BATCH, Optimizers.adam(), 1, 1);
    }

    @Test
    void aStepMovesExactlyTheBatchsBankRows() {
        ImageDataset data = SyntheticImages.noisyStripes(N, 16, 4, 1);
        int[] order = {9, 2, 14, 5};
        try (Experiment e = experiment(); var batch = data.batch(order, 0, BATCH)) {
            assertTrue(e.usesIndices());
            float[] before = e.variable(InstDisc.BANK);
            e.step(batch, order, 0, 1e-3, 0);
            float[] after = e.variable(InstDisc.BANK);
            for (int row = 0; row < N; row++) {
                float[] b = Arrays.copyOfRange(before, row * DIM, (row + 1) * DIM);
                float[] a = Arrays.copyOfRange(after, row * DIM, (row + 1) * DIM);
                int r = row;
                boolean inBatch = Arrays.stream(order).anyMatch(i -> i == r);
                assertEquals(!inBatch, Arrays.equals(a, b), "row " + row + (inBatch ? " must move" : " must stay"));
                if (inBatch) {
                    double norm = 0;
                    for (float v : a) {
                        norm += v * v;
                    }
                    assertEquals(1, norm, 1e-5, "a moved row stays unit length");
                }
            }
        }
    }

    @Test
    void aStepWithoutIndicesIsRefusedByName() {
        ImageDataset data = SyntheticImages.noisyStripes(N, 16, 4, 1);
        try (Experiment e = experiment(); var batch = data.batch(new int[] {0, 1, 2, 3}, 0, BATCH)) {
            var error = assertThrows(IllegalArgumentException.class, () -> e.step(batch, 0, 1e-3, 0));
            assertEquals("this method keeps a memory bank: each step needs its images' dataset indices", error.getMessage());
        }
        try (Experiment simclr = Experiment.build(new SimClr(MethodsLearnTest.views(), MethodsLearnTest.encoder(), DIM, DIM,
                new org.kontrast.loss.NtXentLoss(0.1)), data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            assertFalse(simclr.usesIndices());
        }
    }
}
