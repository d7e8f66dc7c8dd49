package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CPC's patch encoder g_enc for small patches: three 3x3 stride-2 convolutions with
 * ReLU (widths w, 2w, 4w), then Dense(hidden) -> normalisation -> ReLU. The Keras CPC example (Tellez,
 * "keras-cpc", 2018) normalises with batch statistics; CPC v2 (Hénaff et al., "Data-Efficient
 * Image Recognition with Contrastive Predictive Coding", ICML 2020, section 4.1) replaces them
 * with layer normalisation, because batch statistics let patches of one image see each other.
 */
public final class PatchEncoder implements Encoder {
    /** The first convolution's width; each later one doubles it (32, 64, 128). */
    public static final int WIDTH_DEFAULT = 32;
    public static final int HIDDEN_DEFAULT = 256;
    public static final int DEPTH = 3;

    /** How the hidden layer is normalised. */
    public enum Norm { BATCH, LAYER, NONE }

    private final Ops tf;
    private final Conv2d[] convs = new Conv2d[DEPTH];
    private final Dense dense;
    private final Layer norm;
    private final int flatDim;
    private final int mapDim;
    private final int hidden;

    public PatchEncoder(ParameterStore store, int height, int widthPx, int channels, int width, int hidden, Norm norm) {
        if (width < 1 || hidden < 1) {
            throw new IllegalArgumentException("patch encoder width and hidden must be >= 1, got width=" + width + " hidden=" + hidden);
        }
        this.tf = store.tf();
        this.hidden = hidden;
        int h = height;
        int w = widthPx;
        int in = channels;
        for (int i = 0; i < DEPTH; i++) {
            int out = width << i;
            convs[i] = new Conv2d(store, "patch_conv" + (i + 1), in, out, 3, 2, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
            h = Conv2d.outputSize(h, 3, 2, Padding.SAME);
            w = Conv2d.outputSize(w, 3, 2, Padding.SAME);
            in = out;
        }
        this.flatDim = h * w * in;
        this.mapDim = in;
        this.dense = new Dense(store, "patch_dense", flatDim, hidden, true);
        this.norm = switch (norm) {
            case BATCH -> new BatchNorm(store, "patch_bn", hidden);
            case LAYER -> new LayerNorm(store, "patch_ln", hidden);
            case NONE -> x -> x;
        };
    }

    @Override
    public Encoding encode(Operand<TFloat32> patches) {
        Operand<TFloat32> flat = tf.reshape(convMap(patches), tf.constant(new int[] {-1, flatDim}));
        Operand<TFloat32> h = tf.nn.relu(norm.apply(dense.apply(flat)));
        return new Encoding(h, h);
    }

    /** The last conv map averaged over its positions; the dense layer, sized for the built input, is skipped. */
    @Override
    public Operand<TFloat32> pooled(Operand<TFloat32> images) {
        return tf.math.mean(convMap(images), tf.constant(new int[] {1, 2}));
    }

    @Override
    public int pooledDim() {
        return mapDim;
    }

    private Operand<TFloat32> convMap(Operand<TFloat32> patches) {
        Operand<TFloat32> x = patches;
        for (Conv2d conv : convs) {
            x = conv.applyRelu(x);
        }
        return x;
    }

    @Override
    public int representationDim() {
        return hidden;
    }

    @Override
    public int outputDim() {
        return hidden;
    }
}
