package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.InfoNce;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.memory.SupportSet;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * NNCLR: each view's projection is replaced by its nearest neighbour in a
 * support set of past projections, and that neighbour is contrasted with the
 * other view; symmetric. Dwibedi et al., "With a Little Help from My Friends:
 * Nearest-Neighbor Contrastive Learning of Visual Representations", ICCV 2021.
 */
public final class Nnclr implements Method {
    public static final String NAME = "nnclr";
    /** The Keras baseline's support-set size (the paper: 98,304 at ImageNet scale). */
    public static final int QUEUE_SIZE_DEFAULT = 10_000;
    static final String SUPPORT = "nnclr_support";

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final InfoNce loss;
    private final int queueSize;

    public Nnclr(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, InfoNce loss, int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be >= 1, got " + queueSize);
        }
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
        this.queueSize = queueSize;
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
        SupportSet support = new SupportSet(c.store(), SUPPORT, queueSize, headOut);
        List<Operand<TFloat32>> z = towers.project(views.apply(tf, c.images(), c.shape(), c.random())).stream()
                .<Operand<TFloat32>>map(x -> NtXentLoss.l2Normalize(tf, x)).toList();
        Operand<TFloat32> l = tf.math.mul(tf.constant(0.5f), tf.math.add(
                loss.build(tf, support.nearestNeighbour(tf, z.get(0)), z.get(1), null),
                loss.build(tf, support.nearestNeighbour(tf, z.get(1)), z.get(0), null)));
        return new MethodGraph(l, towers.encoder(), viewShape, List.of(after -> support.enqueue(after, z.get(0))));
    }
}
