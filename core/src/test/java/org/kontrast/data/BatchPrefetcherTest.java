package org.kontrast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.ImageShape;
import org.tensorflow.types.TUint8;

class BatchPrefetcherTest {
    private static final ImageShape SHAPE = new ImageShape(4, 3, 2);

    private static ImageDataset dataset(int n) {
        byte[] px = new byte[n * 24];
        new Random(5).nextBytes(px);
        return new ImageDataset("t", px, null, SHAPE);
    }

    private static byte[] bytes(TUint8 t) {
        byte[] b = new byte[(int) t.size()];
        t.asRawTensor().data().read(b);
        return b;
    }

    @Test
    void yieldsTheSameBatchesAsTheEpochOrderAcrossEpochsFromAMidRunStep() {
        ImageDataset d = dataset(10);
        int batch = 3;
        int perEpoch = Batches.stepsPerEpoch(10, batch);
        // NdArray equality compares contents, so count buffers by identity.
        Set<TUint8> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        try (BatchPrefetcher p = new BatchPrefetcher(d, batch, 7, 2, 8, 2)) {
            for (long step = 2; step < 8; step++) {
                BatchPrefetcher.Batch b = p.next();
                assertEquals(step, b.step());
                int[] order = Batches.epochOrder(7, (int) (step / perEpoch), 10);
                try (TUint8 expected = d.batch(order, (int) (step % perEpoch) * batch, batch)) {
                    assertArrayEquals(bytes(expected), bytes(b.images()));
                }
                buffers.add(b.images());
                p.release(b);
            }
            assertTrue(buffers.size() <= 2, "the ring's tensors are reused, got " + buffers.size());
            assertThrows(IllegalStateException.class, p::next);
        }
    }

    @Test
    void closingMidwayStopsTheProducer() {
        BatchPrefetcher p = new BatchPrefetcher(dataset(10), 3, 1, 0, 1_000_000);
        p.release(p.next());
        p.close();
    }
}
