package org.kontrast.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The encoder of the Keras SimCLR example ("Semi-supervised image classification
 * using contrastive pretraining with SimCLR", keras.io, 2021):
 * 4 x Conv2D(width, 3x3, stride 2) + ReLU, flatten, Dense(width).
 * Keras uses VALID padding; SAME is our default so that 28x28 inputs (which
 * VALID shrinks to nothing) and 32x32 inputs both work. The benchmark uses
 * VALID to match the PyTorch peer layer for layer.
 */
public final class ConvNet implements Encoder {
    public static final int WIDTH_DEFAULT = 128;
    public static final int DEPTH_DEFAULT = 4;
    public static final int KERNEL = 3;
    public static final int STRIDE = 2;
    public static final Padding PADDING_DEFAULT = Padding.SAME;

    private final Ops tf;
    private final List<Conv2d> convs = new ArrayList<>();
    private final Dense dense;
    private final int flatDim;
    private final int width;
    private final Padding padding;

    public ConvNet(ParameterStore store, int height, int widthPx, int channels, int width, int depth, Padding padding) {
        if (depth < 1) {
            throw new IllegalArgumentException("ConvNet depth must be >= 1, got " + depth);
        }
        this.tf = store.tf();
        this.width = width;
        this.padding = padding;
        this.flatDim = topMapPositions(height, widthPx, depth, padding) * width;
        int in = channels;
        for (int i = 0; i < depth; i++) {
            convs.add(new Conv2d(store, "convnet_conv" + (i + 1), in, width, KERNEL, STRIDE, padding, true,
                    Initializer.GLOROT_UNIFORM));
            in = width;
        }
        this.dense = new Dense(store, "convnet_dense", flatDim, width, true);
    }

    @Override
    public Encoding encode(Operand<TFloat32> images) {
        List<Operand<TFloat32>> maps = maps(images);
        Operand<TFloat32> flat = tf.reshape(maps.get(maps.size() - 1), tf.constant(new int[] {-1, flatDim}));
        return new Encoding(flat, dense.apply(flat), maps.get(featureMapLayer()));
    }

    /** Every conv layer's output map, bottom to top. */
    private List<Operand<TFloat32>> maps(Operand<TFloat32> images) {
        List<Operand<TFloat32>> maps = new ArrayList<>();
        Operand<TFloat32> x = images;
        for (Conv2d conv : convs) {
            x = conv.applyRelu(x);
            maps.add(x);
        }
        return maps;
    }

    /**
     * The top conv map averaged over its positions; the dense layer, sized for the built input, is skipped.
     * Images of a static size too small for the convolutions are refused as the constructor refuses them.
     */
    @Override
    public Operand<TFloat32> pooled(Operand<TFloat32> images) {
        long h = images.shape().get(1);
        long w = images.shape().get(2);
        if (h > 0 && w > 0) {
            topMapPositions((int) h, (int) w, convs.size(), padding);
        }
        List<Operand<TFloat32>> maps = maps(images);
        return tf.math.mean(maps.get(maps.size() - 1), tf.constant(new int[] {1, 2}));
    }

    @Override
    public int pooledDim() {
        return width;
    }

    /**
     * The 0-based conv layer whose map {@link Encoding#featureMap} is: two below the top, as DIM
     * reads its local features (Hjelm et al., ICLR 2019, appendix A.2), or the first of a shallow net.
     */
    public int featureMapLayer() {
        return Math.max(0, convs.size() - 3);
    }

    private static int topMapPositions(int height, int widthPx, int depth, Padding padding) {
        int h = height;
        int w = widthPx;
        for (int i = 0; i < depth; i++) {
            h = Conv2d.outputSize(h, KERNEL, STRIDE, padding);
            w = Conv2d.outputSize(w, KERNEL, STRIDE, padding);
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("ConvNet: a " + height + "x" + widthPx + " input shrinks to nothing after "
                        + (i + 1) + " stride-2 convolutions with " + padding + " padding; use SAME padding or a larger input");
            }
        }
        return h * w;
    }

    /** The top map's positions: the representation is that map flattened in NHWC order, one position's channels in a row. */
    @Override
    public int representationTokens() {
        return flatDim / width;
    }

    @Override
    public int representationDim() {
        return flatDim;
    }

    @Override
    public int outputDim() {
        return width;
    }
}
