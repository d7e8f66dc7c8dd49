package org.kontrast.data;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TUint8;

/**
 * Prepares the training batches of steps {@code [firstStep, lastStep)} on a
 * background thread while the session runs the current step, in the order of
 * {@link Batches#epochOrder}. A fixed ring of {@link #DEPTH_DEFAULT} native
 * tensors is filled and reused, so the hot path allocates nothing; a batch is
 * handed back with {@link #release} once its step has run.
 */
public final class BatchPrefetcher implements AutoCloseable {
    /** Two in flight: one being trained on, one being filled. One more absorbs jitter. */
    public static final int DEPTH_DEFAULT = 3;

    /** A filled batch for one global step; return it with {@link #release}. */
    public record Batch(long step, TUint8 images, int[] indices) {
    }

    private final ImageDataset dataset;
    private final int batchSize;
    private final long seed;
    private final int stepsPerEpoch;
    private final long lastStep;
    private final TUint8[] ring;
    private final BlockingQueue<TUint8> free;
    private final BlockingQueue<Object> ready;
    private final Thread producer;
    private volatile boolean closed;
    private long waitNanos;

    public BatchPrefetcher(ImageDataset dataset, int batchSize, long seed, long firstStep, long lastStep) {
        this(dataset, batchSize, seed, firstStep, lastStep, DEPTH_DEFAULT);
    }

    public BatchPrefetcher(ImageDataset dataset, int batchSize, long seed, long firstStep, long lastStep, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be >= 1, got " + depth);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.seed = seed;
        this.stepsPerEpoch = Batches.stepsPerEpoch(dataset.size(), batchSize);
        this.lastStep = lastStep;
        var shape = dataset.shape();
        this.ring = new TUint8[depth];
        this.free = new ArrayBlockingQueue<>(depth);
        this.ready = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            ring[i] = TUint8.tensorOf(Shape.of(batchSize, shape.height(), shape.width(), shape.channels()));
            free.add(ring[i]);
        }
        this.producer = new Thread(() -> produce(firstStep), "kontrast-batches");
        producer.setDaemon(true);
        producer.start();
    }

    /** The batch of the next step, waiting for it if the producer is behind. */
    public Batch next() {
        long t0 = System.nanoTime();
        try {
            Object item = ready.take();
            waitNanos += System.nanoTime() - t0;
            if (item instanceof Batch b) {
                return b;
            }
            if (item instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("no batches left: the prefetcher ends at step " + lastStep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    /** Hands a batch's buffer back for refilling. */
    public void release(Batch batch) {
        free.add(batch.images());
    }

    /** Total time {@link #next} spent waiting for the producer: the input pipeline's cost to the step. */
    public double waitSeconds() {
        return waitNanos / 1e9;
    }

    private void produce(long firstStep) {
        int per = dataset.bytesPerImage();
        int[] order = null;
        int orderEpoch = -1;
        try {
            for (long step = firstStep; step < lastStep && !closed; step++) {
                int epoch = (int) (step / stepsPerEpoch);
                if (epoch != orderEpoch) {
                    order = Batches.epochOrder(seed, epoch, dataset.size());
                    orderEpoch = epoch;
                }
                TUint8 t = free.poll(100, TimeUnit.MILLISECONDS);
                if (t == null) {
                    step--;
                    continue;
                }
                ByteDataBuffer buf = t.asRawTensor().data();
                int from = (int) (step % stepsPerEpoch) * batchSize;
                for (int i = 0; i < batchSize; i++) {
                    buf.offset((long) i * per).write(dataset.pixels(), order[from + i] * per, per);
                }
                ready.put(new Batch(step, t, Arrays.copyOfRange(order, from, from + batchSize)));
            }
            ready.put(Boolean.FALSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ready.offer(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        producer.interrupt();
        try {
            producer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TUint8 t : ring) {
            t.close();
        }
    }
}
