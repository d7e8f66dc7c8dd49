package org.kontrast.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Augmentations applied in order; immutable. */
public final class AugmentationPipeline {
    private final List<Augmentation> steps;

    public AugmentationPipeline(List<Augmentation> steps) {
        this.steps = List.copyOf(steps);
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape shape, RandomStream random) {
        Operand<TFloat32> x = images;
        ImageShape s = shape;
        for (Augmentation a : steps) {
            x = a.apply(tf, x, s, random);
            s = a.outputShape(s);
        }
        return x;
    }

    public ImageShape outputShape(ImageShape input) {
        ImageShape s = input;
        for (Augmentation a : steps) {
            s = a.outputShape(s);
        }
        return s;
    }

    public List<Augmentation> steps() {
        return steps;
    }
}
