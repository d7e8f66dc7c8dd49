package org.kontrast.memory;

import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * NNCLR's support set: a queue of past embeddings, queried for each embedding's
 * nearest neighbour by cosine similarity. Dwibedi et al., "With a Little Help
 * from My Friends: Nearest-Neighbor Contrastive Learning of Visual
 * Representations", ICCV 2021, sec. 3.1-3.2.
 */
public final class SupportSet {
    private final KeyQueue queue;

    public SupportSet(ParameterStore store, String name, int size, int dim) {
        this.queue = new KeyQueue(store, name, size, dim);
    }

    /**
     * The nearest support embedding of each row of {@code z} (unit length, [n, d]),
     * passed through straight: its value is the neighbour, its gradient flows to {@code z}
     * (the Keras baseline does this; the paper stops the gradient instead).
     */
    public Operand<TFloat32> nearestNeighbour(Ops tf, Operand<TFloat32> z) {
        Operand<TFloat32> keys = queue.read(tf);
        Operand<TFloat32> sims = tf.linalg.matMul(z, keys, MatMul.transposeB(true));
        Operand<TInt32> nearest = tf.math.argMax(tf.stopGradient(sims), tf.constant(1), TInt32.class);
        Operand<TFloat32> neighbours = tf.gather(keys, nearest, tf.constant(0));
        return tf.math.add(z, tf.stopGradient(tf.math.sub(neighbours, z)));
    }

    public Op enqueue(Ops afterStep, Operand<TFloat32> embeddings) {
        return queue.enqueue(afterStep, embeddings);
    }

    public String name() {
        return queue.name();
    }
}
