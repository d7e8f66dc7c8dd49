package org.kontrast.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ColorDrop;
import org.kontrast.augment.HorizontalFlip;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomResizedCrop;
import org.kontrast.loss.CpcInfoNce;
import org.kontrast.nn.ContextNetwork;
import org.kontrast.nn.Dense;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.PatchGridEncoder;
import org.kontrast.view.PatchGrid;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Contrastive Predictive Coding on images: each image is cut into a patch grid,
 * every patch encoded to a code z, a masked context network summarises the rows
 * above, and a linear predictor per offset k must pick the code k rows below among
 * all codes of the batch. Van den Oord, Li and Vinyals, "Representation Learning with
 * Contrastive Predictive Coding", 2018, section 3.2. The CPC v2 changes
 * ({@link CpcV2}) are switches of {@link Settings}.
 */
public final class Cpc implements Method {
    public static final String NAME = "cpc";
    /** The Keras CPC example's code size. */
    public static final int CODE_SIZE_DEFAULT = 32;
    /** Offsets 2..5: offset 1 would predict a patch that overlaps the context's own row. */
    public static final List<Integer> OFFSETS_DEFAULT = List.of(2, 3, 4, 5);
    /** CPC v2's patch augmentation: a random crop of at least this much of the patch, resized back, and a flip. */
    public static final double PATCH_CROP_SCALE_MIN = 0.6;

    /**
     * What a CPC run switches.
     *
     * @param offsets      how many rows ahead each predictor looks
     * @param directions   the directions predicted (v1: top-down; v2: all four)
     * @param colorDrop    drop two of three colour channels per patch (v2)
     * @param patchAugment crop-resize and flip each patch at random (v2)
     * @param standardize  standardise each patch ({@link PatchGrid#standardize}), in training and evaluation alike
     * @param pooling      how evaluation pools the patch features into one vector per image
     */
    public record Settings(int codeSize, List<Integer> offsets, Set<CpcDirection> directions, int contextWidth, int contextLayers,
                           boolean colorDrop, boolean patchAugment, boolean standardize, PatchGridEncoder.Pooling pooling) {
        public Settings {
            offsets = List.copyOf(new TreeSet<>(offsets));
            directions = Set.copyOf(directions);
            if (codeSize < 1) {
                throw new IllegalArgumentException("codeSize must be >= 1, got " + codeSize);
            }
            if (offsets.isEmpty() || directions.isEmpty()) {
                throw new IllegalArgumentException("CPC needs at least one offset and one direction");
            }
        }

        /** CPC v1: top-down, no patch augmentation. */
        public static Settings v1() {
            return new Settings(CODE_SIZE_DEFAULT, OFFSETS_DEFAULT, Set.of(CpcDirection.TOP_DOWN), ContextNetwork.WIDTH_DEFAULT,
                    ContextNetwork.LAYERS_DEFAULT, false, false, false, PatchGridEncoder.Pooling.MEAN);
        }
    }

    private final String name;
    private final PatchGrid grid;
    private final AugmentationPipeline imageAugment;
    private final EncoderFactory encoder;
    private final Settings settings;

    /**
     * @param name         the registered name ({@link #NAME} or {@link CpcV2#NAME})
     * @param imageAugment applied to whole images before the grid is cut (empty in both papers' toy runs)
     */
    public Cpc(String name, PatchGrid grid, AugmentationPipeline imageAugment, EncoderFactory encoder, Settings settings) {
        this.name = name;
        this.grid = grid;
        this.imageAugment = imageAugment;
        this.encoder = encoder;
        this.settings = settings;
    }

    /** Checks the settings against an image shape: the grid must tile it, offsets must skip overlapping rows. */
    public static void check(PatchGrid grid, ImageShape image, Settings settings) {
        int g = grid.cells(image);
        int first = (grid.size() + grid.stride() - 1) / grid.stride();
        for (int k : settings.offsets()) {
            if (k < first) {
                throw new IllegalArgumentException("offset " + k + " predicts a patch that overlaps the context's own row ("
                        + grid.size() + "-pixel patches at stride " + grid.stride() + " overlap below offset " + first + ")");
            }
            if (k >= g) {
                throw new IllegalArgumentException("offset " + k + " looks past the " + g + "-row grid (largest: " + (g - 1) + ")");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape image = imageAugment.outputShape(c.shape());
        check(grid, image, settings);
        int g = grid.cells(image);
        int d = settings.codeSize();
        ImageShape patchShape = grid.patchShape(image);
        Operand<TFloat32> patches = grid.apply(tf, imageAugment.apply(tf, c.images(), c.shape(), c.random()), image);
        if (settings.patchAugment()) {
            patches = new AugmentationPipeline(List.of(
                    new RandomResizedCrop(grid.size(), PATCH_CROP_SCALE_MIN, 1.0, RandomResizedCrop.RATIO_MIN_DEFAULT,
                            RandomResizedCrop.RATIO_MAX_DEFAULT),
                    new HorizontalFlip(HorizontalFlip.P_DEFAULT))).apply(tf, patches, patchShape, c.random());
        }
        if (settings.colorDrop()) {
            patches = new ColorDrop().apply(tf, patches, patchShape, c.random());
        }
        if (settings.standardize()) {
            patches = PatchGrid.standardize(tf, patches, patchShape);
        }
        Encoder patchEncoder = encoder.create(c.store(), patchShape);
        Dense code = new Dense(c.store(), "cpc_code", patchEncoder.outputDim(), d, true);
        Operand<TFloat32> z = tf.reshape(code.apply(patchEncoder.encode(patches).output()), tf.constant(new int[] {-1, g, g, d}));

        List<Operand<TFloat32>> losses = new ArrayList<>();
        for (CpcDirection direction : CpcDirection.values()) {
            if (settings.directions().contains(direction)) {
                losses.addAll(directionLosses(c, direction, direction.orient(tf, z), g));
            }
        }
        Encoder whole = new PatchGridEncoder(tf, grid, image, patchEncoder, settings.standardize(), settings.pooling());
        return new MethodGraph(CpcInfoNce.mean(tf, losses), whole, image, List.of());
    }

    private List<Operand<TFloat32>> directionLosses(MethodContext c, CpcDirection direction, Operand<TFloat32> z, int g) {
        Ops tf = c.tf();
        int d = settings.codeSize();
        int w = settings.contextWidth();
        String prefix = "cpc_" + direction.key();
        Operand<TFloat32> context = new ContextNetwork(c.store(), prefix + "_context", d, w, settings.contextLayers()).apply(z);
        List<Operand<TFloat32>> losses = new ArrayList<>();
        for (int k : settings.offsets()) {
            Operand<TFloat32> rows = contextRows(tf, context, g, k, w);
            Dense predictor = new Dense(c.store(), prefix + "_predict" + k, w, d, false);
            Operand<TFloat32> prediction = tf.reshape(predictor.apply(tf.reshape(rows, tf.constant(new int[] {-1, w}))),
                    tf.constant(new int[] {-1, g - k, g, d}));
            losses.add(CpcInfoNce.offset(tf, prediction, z, k, g, g, d));
        }
        return losses;
    }

    /**
     * The context rows that have a target k rows below: rows 0 .. g-k-1 of a [B, g, g, w]
     * context, so that row r lines up with row r of {@link CpcInfoNce#offset}'s targets (code row r + k).
     */
    public static Operand<TFloat32> contextRows(Ops tf, Operand<TFloat32> context, int g, int k, int w) {
        return tf.slice(context, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, g - k, g, w}));
    }
}
