package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.SimSiamCosine;
import org.kontrast.nn.ProjectionHead;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SimSiam: one encoder and projector for both views, a bottleneck predictor on
 * one side and a stop-gradient on the other; symmetric, no negatives, no momentum.
 * Chen and He, "Exploring Simple Siamese Representation Learning", CVPR 2021.
 */
public final class SimSiam implements Method {
    public static final String NAME = "simsiam";
    /** Chen and He's predictor is a bottleneck: hidden = out / 4 (512 for 2048). */
    public static final int PREDICTOR_HIDDEN_DEFAULT = ProjectionHead.OUT_DEFAULT / 4;

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final int predictorHidden;
    private final SimSiamCosine loss = new SimSiamCosine();

    public SimSiam(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, int predictorHidden) {
        if (predictorHidden < 1) {
            throw new IllegalArgumentException("predictorHidden must be >= 1, got " + predictorHidden);
        }
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.predictorHidden = predictorHidden;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape viewShape = views.outputShape(c.shape());
        Towers towers = new Towers(c.store(), encoder, viewShape, headHidden, headOut, true);
        ProjectionHead predictor = new ProjectionHead(c.store(), "predictor", headOut, predictorHidden, headOut, true);
        List<Operand<TFloat32>> z = towers.project(views.apply(tf, c.images(), c.shape(), c.random()));
        List<Operand<TFloat32>> p = Towers.halves(tf, predictor.apply(tf.concat(z, tf.constant(0))));
        Operand<TFloat32> l = tf.math.mul(tf.constant(0.5f),
                tf.math.add(loss.build(tf, p.get(0), z.get(1)), loss.build(tf, p.get(1), z.get(0))));
        return new MethodGraph(l, towers.encoder(), viewShape, List.of());
    }
}
