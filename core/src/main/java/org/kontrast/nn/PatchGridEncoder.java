package org.kontrast.nn;

import org.kontrast.augment.ImageShape;
import org.kontrast.view.PatchGrid;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A whole image seen as CPC sees it: cut into its patch grid, each patch encoded,
 * the patch features averaged over the grid. The representation is the mean of the
 * patch encoder's features, the output the mean of the codes. Hénaff et al., ICML 2020,
 * section 4.2 (linear classification on spatially mean-pooled patch features).
 */
public final class PatchGridEncoder implements Encoder {
    private final Ops tf;
    private final PatchGrid grid;
    private final ImageShape image;
    private final Encoder patches;
    private final Layer code;
    private final int codeSize;
    private final int cells;

    public PatchGridEncoder(Ops tf, PatchGrid grid, ImageShape image, Encoder patches, Layer code, int codeSize) {
        this.tf = tf;
        this.grid = grid;
        this.image = image;
        this.patches = patches;
        this.code = code;
        this.codeSize = codeSize;
        int g = grid.cells(image);
        this.cells = g * g;
    }

    @Override
    public Encoding encode(Operand<TFloat32> images) {
        Encoding e = patches.encode(grid.apply(tf, images, image));
        return new Encoding(pool(e.representation(), patches.representationDim()), pool(code.apply(e.output()), codeSize));
    }

    private Operand<TFloat32> pool(Operand<TFloat32> perPatch, int dim) {
        return tf.math.mean(tf.reshape(perPatch, tf.constant(new int[] {-1, cells, dim})), tf.constant(1));
    }

    @Override
    public int representationDim() {
        return patches.representationDim();
    }

    @Override
    public int outputDim() {
        return codeSize;
    }
}
