package org.kontrast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void epochOrderIsASeededPermutation() {
        int[] a = Batches.epochOrder(42, 3, 1000);
        assertArrayEquals(a, Batches.epochOrder(42, 3, 1000));
        assertFalse(Arrays.equals(a, Batches.epochOrder(42, 4, 1000)));
        assertFalse(Arrays.equals(a, Batches.epochOrder(43, 3, 1000)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void dropsTheLastPartialBatch() {
        assertEquals(3, Batches.stepsPerEpoch(1000, 256));
        assertEquals("train.batchSize 256 is larger than the dataset (100 images)",
                assertThrows(IllegalArgumentException.class, () -> Batches.stepsPerEpoch(100, 256)).getMessage());
    }
}
