package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.ContrastiveLoss;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The wiring SimCLR introduced and several methods share: two views, one
 * encoder and projection head with shared weights, a loss on the two projections,
 * no state. Subclasses differ only in the loss.
 */
abstract class SiameseMethod implements Method {
    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final ContrastiveLoss loss;
    private final boolean headBatchNorm;

    SiameseMethod(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, ContrastiveLoss loss, boolean headBatchNorm) {
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
        this.headBatchNorm = headBatchNorm;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        ImageShape viewShape = views.outputShape(c.shape());
        Towers towers = new Towers(c.store(), encoder, viewShape, headHidden, headOut, headBatchNorm);
        List<Operand<TFloat32>> z = towers.project(views.apply(c.tf(), c.images(), c.shape(), c.random()));
        return new MethodGraph(loss.build(c.tf(), z.get(0), z.get(1)), towers.encoder(), viewShape, List.of());
    }
}
