package org.kontrast.view;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The jigsaw view: each image cut into a 3x3 grid of cells, a patch taken from each cell
 * at a random offset (so no two patches share a border, as in Noroozi and Favaro), and the
 * nine patches put in a random order of their own per image. Misra and van der Maaten,
 * "Self-Supervised Learning of Pretext-Invariant Representations", CVPR 2020, sec. 3.3.
 */
public final class Jigsaw {
    public static final int GRID = 3;
    public static final int PATCHES = GRID * GRID;
    /** PIRL's 64-pixel patches from 75-pixel cells. */
    public static final double PATCH_FRACTION_DEFAULT = 64.0 / 75;

    private final double patchFraction;

    public Jigsaw(double patchFraction) {
        if (!(patchFraction > 0 && patchFraction <= 1)) {
            throw new IllegalArgumentException("jigsaw patchFraction must be in (0, 1], got " + patchFraction);
        }
        this.patchFraction = patchFraction;
    }

    public double patchFraction() {
        return patchFraction;
    }

    /** A patch's side in pixels: the given fraction of a cell, at least one pixel. */
    public int patchSize(int side) {
        int cell = side / GRID;
        if (cell < 1) {
            throw new IllegalArgumentException("a jigsaw needs images of at least " + GRID + " pixels a side, got " + side);
        }
        return Math.max(1, (int) Math.round(patchFraction * cell));
    }

    /**
     * The patches of a [N, h, w, c] batch, [N * 9, outHeight, outWidth, c]: image n's patches are rows 9n .. 9n + 8,
     * in that image's random order, each resized (bilinear) to the output size.
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, int outHeight, int outWidth, RandomStream random) {
        // A static batch keeps every shape below static, which spares TensorFlow's cost model a warning per graph.
        long batch = images.shape().get(0);
        Operand<TInt32> n = batch > 0 ? tf.constant((int) batch) : tf.gather(tf.shape(images), tf.constant(0), tf.constant(0));
        Operand<TInt32> grid = tf.stack(List.of(n, tf.constant(PATCHES)));
        // The top-k indices of nine uniform draws are a uniform random permutation of the cells.
        Operand<TInt32> order = tf.nn.topK(random.uniform(grid), tf.constant(PATCHES), TInt32.class).indices();
        Operand<TFloat32> row = tf.dtypes.cast(tf.math.floorDiv(order, tf.constant(GRID)), TFloat32.class);
        Operand<TFloat32> col = tf.dtypes.cast(tf.math.floorMod(order, tf.constant(GRID)), TFloat32.class);
        List<Operand<TFloat32>> y = corners(tf, row, shape.height(), grid, random);
        List<Operand<TFloat32>> x = corners(tf, col, shape.width(), grid, random);
        Operand<TFloat32> boxes = tf.reshape(tf.stack(List.of(y.get(0), x.get(0), y.get(1), x.get(1)), Stack.axis(2L)),
                tf.constant(new int[] {batch > 0 ? (int) batch * PATCHES : -1, 4}));
        Operand<TInt32> image = tf.reshape(tf.tile(tf.expandDims(tf.range(tf.constant(0), n, tf.constant(1)), tf.constant(1)),
                tf.constant(new int[] {1, PATCHES})), tf.constant(new int[] {batch > 0 ? (int) batch * PATCHES : -1}));
        return tf.image.cropAndResize(images, boxes, image, tf.constant(new int[] {outHeight, outWidth}));
    }

    /**
     * A patch's first and last pixel along one axis, in crop-and-resize coordinates (pixel / (side - 1)):
     * cell k spans pixels [k cell, k cell + cell - 1]; the patch starts a uniform offset in [0, cell - patch] into it.
     */
    private List<Operand<TFloat32>> corners(Ops tf, Operand<TFloat32> cellIndex, int side, Operand<TInt32> grid, RandomStream random) {
        int cell = side / GRID;
        int patch = patchSize(side);
        float scale = side > 1 ? 1f / (side - 1) : 1f;
        Operand<TFloat32> offset = random.uniform(grid, 0, cell - patch);
        Operand<TFloat32> first = tf.math.add(tf.math.mul(cellIndex, tf.constant((float) cell)), offset);
        Operand<TFloat32> last = tf.math.add(first, tf.constant((float) (patch - 1)));
        return List.of(tf.math.mul(first, tf.constant(scale)), tf.math.mul(last, tf.constant(scale)));
    }
}
