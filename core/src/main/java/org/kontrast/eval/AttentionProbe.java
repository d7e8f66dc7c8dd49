package org.kontrast.eval;

import org.kontrast.nn.Dense;
import org.kontrast.nn.LayerNorm;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Parameter;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A small self-attention classifier on frozen features, the alternative to the linear probe
 * for representations with spatial structure: each feature vector is read as a sequence of
 * tokens (a ConvNet's positions, each its channels), embedded with a learned position, put
 * through one pre-norm transformer block (multi-head self-attention, then an MLP, each with a
 * residual), mean-pooled and classified. Vaswani et al., "Attention Is All You Need", NeurIPS
 * 2017; the block as in Dosovitskiy et al., "An Image is Worth 16x16 Words", ICLR 2021, eq. 2-3.
 */
public final class AttentionProbe {
    public static final int WIDTH_DEFAULT = 64;
    public static final int HEADS_DEFAULT = 4;
    public static final int EPOCHS_DEFAULT = 30;
    /** Tokens when the representation has no positions of its own (a pooled vector): groups of its features. */
    public static final int GROUPS_DEFAULT = 8;

    private final int tokens;
    private final int width;
    private final int heads;
    private final int epochs;
    private final int threads;

    /** @param tokens how many tokens each feature vector is cut into; it must divide the feature count */
    public AttentionProbe(int tokens, int width, int heads, int epochs, int threads) {
        if (tokens < 1 || width < 1 || heads < 1 || epochs < 1 || width % heads != 0) {
            throw new IllegalArgumentException("eval.attentionProbe needs tokens, width, heads and epochs >= 1 and heads dividing width, got "
                    + "tokens=" + tokens + " width=" + width + " heads=" + heads + " epochs=" + epochs);
        }
        this.tokens = tokens;
        this.width = width;
        this.heads = heads;
        this.epochs = epochs;
        this.threads = threads;
    }

    /** Test accuracy after training on the train features. */
    public double evaluate(Features train, int[] trainLabels, Features test, int[] testLabels, int classes) {
        if (train.dim() % tokens != 0) {
            throw new IllegalArgumentException("eval.attentionProbe: " + train.dim() + " features do not split into " + tokens + " tokens");
        }
        return ProbeTraining.accuracy(this::logits, train, trainLabels, test, testLabels, classes, epochs, threads);
    }

    private Operand<TFloat32> logits(ParameterStore store, Operand<TFloat32> features, int classes) {
        Ops tf = store.tf();
        int tokenDim = (int) features.shape().get(1) / tokens;
        Dense embed = new Dense(store, "attn_embed", tokenDim, width, true);
        Parameter position = store.trainable("attn_position", Shape.of(tokens, width), Initializer.GLOROT_UNIFORM, tokens, width, false);
        LayerNorm norm1 = new LayerNorm(store, "attn_norm1", width);
        Dense query = new Dense(store, "attn_query", width, width, true);
        Dense key = new Dense(store, "attn_key", width, width, true);
        Dense value = new Dense(store, "attn_value", width, width, true);
        Dense mix = new Dense(store, "attn_out", width, width, true);
        LayerNorm norm2 = new LayerNorm(store, "attn_norm2", width);
        Dense mlp1 = new Dense(store, "attn_mlp1", width, 2 * width, true);
        Dense mlp2 = new Dense(store, "attn_mlp2", 2 * width, width, true);
        LayerNorm normOut = new LayerNorm(store, "attn_norm_out", width);
        Dense classify = new Dense(store, "attn_classify", width, classes, true);

        // Tokens as rows [n * T, tokenDim] for the dense layers, as [n, T, width] between them.
        Operand<TFloat32> rows = tf.reshape(features, tf.constant(new int[] {-1, tokenDim}));
        Operand<TFloat32> x = tf.math.add(tf.reshape(embed.apply(rows), tf.constant(new int[] {-1, tokens, width})), position.read());
        Operand<TFloat32> h = flat(tf, norm1.apply(x));
        Operand<TFloat32> attended = attention(tf, seq(tf, query.apply(h)), seq(tf, key.apply(h)), seq(tf, value.apply(h)));
        x = tf.math.add(x, tf.reshape(mix.apply(attended), tf.constant(new int[] {-1, tokens, width})));
        Operand<TFloat32> m = mlp2.apply(tf.nn.relu(mlp1.apply(flat(tf, norm2.apply(x)))));
        x = tf.math.add(x, tf.reshape(m, tf.constant(new int[] {-1, tokens, width})));
        Operand<TFloat32> pooled = tf.math.mean(normOut.apply(x), tf.constant(1));
        return classify.apply(pooled);
    }

    /** softmax(Q K^T / sqrt(d)) V per head, heads joined back: [n * T, width]. */
    private Operand<TFloat32> attention(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v) {
        int d = width / heads;
        Operand<TFloat32> scores = tf.math.div(tf.train.batchMatMul(split(tf, q), split(tf, k), TFloat32.class, org.tensorflow.op.train.BatchMatMul.adjY(true)),
                tf.constant((float) Math.sqrt(d)));
        Operand<TFloat32> out = tf.train.batchMatMul(tf.nn.softmax(scores), split(tf, v), TFloat32.class);
        Operand<TFloat32> joined = tf.linalg.transpose(out, tf.constant(new int[] {0, 2, 1, 3}));
        return tf.reshape(joined, tf.constant(new int[] {-1, width}));
    }

    /** [n, T, width] to [n, heads, T, width / heads]. */
    private Operand<TFloat32> split(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> r = tf.reshape(x, tf.constant(new int[] {-1, tokens, heads, width / heads}));
        return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
    }

    private Operand<TFloat32> seq(Ops tf, Operand<TFloat32> rows) {
        return tf.reshape(rows, tf.constant(new int[] {-1, tokens, width}));
    }

    private Operand<TFloat32> flat(Ops tf, Operand<TFloat32> x) {
        return tf.reshape(x, tf.constant(new int[] {-1, width}));
    }
}
