package org.kontrast.view;

import java.util.List;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Two independently augmented views of every image, each through the same
 * pipeline with its own random draws. Chen et al., ICML 2020, fig. 2.
 */
public final class TwoViews {
    private final AugmentationPipeline pipeline;

    public TwoViews(AugmentationPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The two views, each [N, h, w, c]. */
    public List<Operand<TFloat32>> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        return List.of(pipeline.apply(tf, images, shape, random), pipeline.apply(tf, images, shape, random));
    }

    public ImageShape outputShape(ImageShape input) {
        return pipeline.outputShape(input);
    }

    public AugmentationPipeline pipeline() {
        return pipeline;
    }
}
