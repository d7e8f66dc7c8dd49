package org.kontrast.nn;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.view.PatchGrid;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * A whole image seen as CPC sees it: cut into its patch grid, each patch encoded,
 * the patch features pooled over the grid. The output is always their mean over the
 * whole grid, the readout of Hénaff et al., ICML 2020, section 4.2 (linear classification
 * on spatially mean-pooled patch features); the representation is that mean, or with
 * {@link Pooling#PYRAMID} that mean followed by the means over the grid's four
 * overlapping quadrants, a two-level spatial pyramid (Lazebnik, Schmid and Ponce, CVPR
 * 2006) that keeps where in the image a feature was found.
 */
public final class PatchGridEncoder implements Encoder {
    /** How patch features become one vector per image. */
    public enum Pooling { MEAN, PYRAMID }

    private final Ops tf;
    private final PatchGrid grid;
    private final ImageShape image;
    private final Encoder patches;
    private final int cells;
    private final boolean standardize;
    private final Pooling pooling;

    /** @param standardize whether patches are standardised ({@link PatchGrid#standardize}) before encoding, as in training */
    public PatchGridEncoder(Ops tf, PatchGrid grid, ImageShape image, Encoder patches, boolean standardize, Pooling pooling) {
        this.tf = tf;
        this.grid = grid;
        this.image = image;
        this.patches = patches;
        this.standardize = standardize;
        this.pooling = pooling;
        this.cells = grid.cells(image);
    }

    @Override
    public Encoding encode(Operand<TFloat32> images) {
        Operand<TFloat32> cut = grid.apply(tf, images, image);
        Encoding e = patches.encode(standardize ? PatchGrid.standardize(tf, cut, grid.patchShape(image)) : cut);
        int d = patches.representationDim();
        Operand<TFloat32> map = tf.reshape(e.representation(), tf.constant(new int[] {-1, cells, cells, d}));
        Operand<TFloat32> mean = region(map, 0, 0, cells);
        if (pooling == Pooling.MEAN) {
            return new Encoding(mean, mean);
        }
        // Quadrants of ceil(g / 2) cells share the middle row and column when g is odd (7 -> 4 + 4).
        int half = (cells + 1) / 2;
        int far = cells - half;
        List<Operand<TFloat32>> parts = new ArrayList<>(List.of(mean));
        for (int[] corner : new int[][] {{0, 0}, {0, far}, {far, 0}, {far, far}}) {
            parts.add(region(map, corner[0], corner[1], half));
        }
        return new Encoding(tf.concat(parts, tf.constant(1)), mean);
    }

    private Operand<TFloat32> region(Operand<TFloat32> map, int row, int col, int side) {
        Operand<TFloat32> cut = tf.slice(map, tf.constant(new int[] {0, row, col, 0}), tf.constant(new int[] {-1, side, side, -1}));
        return tf.math.mean(cut, tf.constant(new int[] {1, 2}), Mean.keepDims(false));
    }

    @Override
    public int representationDim() {
        return patches.representationDim() * (pooling == Pooling.MEAN ? 1 : 5);
    }

    @Override
    public int outputDim() {
        return patches.representationDim();
    }
}
