package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.ByolRegression;
import org.kontrast.memory.MomentumEncoder;
import org.kontrast.nn.ProjectionHead;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * BYOL: an online encoder, projector and predictor regress the projection of the
 * other view by a target network, the online network's EMA with a cosine momentum
 * schedule; symmetric, no negatives. Grill et al., "Bootstrap Your Own Latent:
 * A New Approach to Self-Supervised Learning", NeurIPS 2020.
 */
public final class Byol implements Method {
    public static final String NAME = "byol";
    /** The predictor's hidden width; Grill et al. use the projector's (4096 at ImageNet scale). */
    public static final int PREDICTOR_HIDDEN_DEFAULT = ProjectionHead.HIDDEN_DEFAULT;
    static final String TARGET = "target_";

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final int predictorHidden;
    private final double baseMomentum;
    private final ByolRegression loss = new ByolRegression();

    public Byol(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, int predictorHidden, double baseMomentum) {
        if (predictorHidden < 1) {
            throw new IllegalArgumentException("predictorHidden must be >= 1, got " + predictorHidden);
        }
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.predictorHidden = predictorHidden;
        this.baseMomentum = MomentumEncoder.checkMomentum("momentum", baseMomentum);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape viewShape = views.outputShape(c.shape());
        List<Operand<TFloat32>> v = views.apply(tf, c.images(), c.shape(), c.random());
        Towers online = new Towers(c.store(), encoder, viewShape, headHidden, headOut, true);
        ProjectionHead predictor = new ProjectionHead(c.store(), "predictor", headOut, predictorHidden, headOut, true);
        MomentumEncoder target = new MomentumEncoder(c.store(), TARGET);
        Towers targetTowers = new Towers(target.store(), encoder, viewShape, headHidden, headOut, true);

        List<Operand<TFloat32>> p = Towers.halves(tf, predictor.apply(tf.concat(online.project(v), tf.constant(0))));
        List<Operand<TFloat32>> z = targetTowers.project(v);
        Operand<TFloat32> l = tf.math.mul(tf.constant(0.5f),
                tf.math.add(loss.build(tf, p.get(0), z.get(1)), loss.build(tf, p.get(1), z.get(0))));
        Operand<TFloat32> m = MomentumEncoder.cosine(tf, baseMomentum, c.progress());
        return new MethodGraph(l, online.encoder(), viewShape, List.of(after -> target.update(after, m)));
    }
}
