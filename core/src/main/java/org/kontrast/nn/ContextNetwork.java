package org.kontrast.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CPC's autoregressive context network g_ar over a grid of patch codes: a stack of
 * masked convolutions ({@link MaskedConv2d}) with ReLU between them, so context row r
 * summarises grid rows 0..r and nothing below. Van den Oord, Li and Vinyals,
 * "Representation Learning with Contrastive Predictive Coding", 2018, section 3.2
 * (a PixelCNN-style context); the stack is shallow because the grid is only 7 rows tall.
 */
public final class ContextNetwork {
    public static final int LAYERS_DEFAULT = 3;
    public static final int WIDTH_DEFAULT = 64;
    public static final int KERNEL = 3;

    private final Ops tf;
    private final List<MaskedConv2d> layers = new ArrayList<>();
    private final int width;

    public ContextNetwork(ParameterStore store, String name, int codeSize, int width, int depth) {
        if (depth < 1 || width < 1) {
            throw new IllegalArgumentException("context network " + name + ": width and layers must be >= 1, got width=" + width
                    + " layers=" + depth);
        }
        this.tf = store.tf();
        this.width = width;
        int in = codeSize;
        for (int i = 0; i < depth; i++) {
            layers.add(new MaskedConv2d(store, name + "_masked" + (i + 1), in, width, KERNEL));
            in = width;
        }
    }

    /** [B, rows, cols, codeSize] codes to [B, rows, cols, width] contexts. */
    public Operand<TFloat32> apply(Operand<TFloat32> grid) {
        Operand<TFloat32> x = grid;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(x);
            if (i < layers.size() - 1) {
                x = tf.nn.relu(x);
            }
        }
        return x;
    }

    public int width() {
        return width;
    }
}
