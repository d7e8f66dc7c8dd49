package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.ContrastiveLoss;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.ProjectionHead;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SimCLR: two views, one shared encoder and projection head, a contrastive loss
 * on the projections. Chen et al., "A Simple Framework for Contrastive Learning
 * of Visual Representations", ICML 2020.
 */
public final class SimClr implements Method {
    public static final String NAME = "simclr";

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final ContrastiveLoss loss;

    public SimClr(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, ContrastiveLoss loss) {
        if (headHidden < 1 || headOut < 1) {
            throw new IllegalArgumentException("head sizes must be >= 1, got hidden=" + headHidden + " out=" + headOut);
        }
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape viewShape = views.outputShape(c.shape());
        Encoder enc = encoder.create(c.store(), viewShape);
        ProjectionHead head = new ProjectionHead(c.store(), "projection", enc.outputDim(), headHidden, headOut);
        List<Operand<TFloat32>> v = views.apply(tf, c.images(), c.shape(), c.random());
        // Both views go through the tower as one batch: one pass, shared weights.
        Operand<TFloat32> both = tf.concat(v, tf.constant(0));
        Operand<TFloat32> z = head.apply(enc.encode(both).output());
        var halves = tf.split(tf.constant(0), z, 2L).output();
        return new MethodGraph(loss.build(tf, halves.get(0), halves.get(1)), enc, viewShape, List.of());
    }
}
