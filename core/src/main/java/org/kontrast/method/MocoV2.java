package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.InfoNce;
import org.kontrast.memory.KeyQueue;
import org.kontrast.memory.MomentumEncoder;
import org.kontrast.view.TwoViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MoCo v2: queries from the online encoder and MLP head, keys from its momentum
 * copy, negatives from a queue of past keys; symmetric over the two views, as
 * the Keras contrastive baseline. He et al., "Momentum Contrast for Unsupervised
 * Visual Representation Learning", CVPR 2020; Chen et al., "Improved Baselines
 * with Momentum Contrastive Learning", 2020 (MLP head, stronger augmentation).
 */
public final class MocoV2 implements Method {
    public static final String NAME = "mocov2";
    /** The Keras baseline's momentum and queue size (the paper: 0.999 and 65,536 at ImageNet scale). */
    public static final double MOMENTUM_DEFAULT = 0.99;
    public static final int QUEUE_SIZE_DEFAULT = 10_000;
    static final String TARGET = "key_";
    static final String QUEUE = "moco_queue";

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final InfoNce loss;
    private final double momentum;
    private final int queueSize;

    public MocoV2(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, InfoNce loss, double momentum, int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be >= 1, got " + queueSize);
        }
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
        this.momentum = MomentumEncoder.checkMomentum("momentum", momentum);
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
        List<Operand<TFloat32>> v = views.apply(tf, c.images(), c.shape(), c.random());
        Towers online = new Towers(c.store(), encoder, viewShape, headHidden, headOut, false);
        MomentumEncoder target = new MomentumEncoder(c.store(), TARGET);
        Towers keyTowers = new Towers(target.store(), encoder, viewShape, headHidden, headOut, false);
        KeyQueue queue = new KeyQueue(c.store(), QUEUE, queueSize, headOut);

        List<Operand<TFloat32>> q = online.project(v);
        List<Operand<TFloat32>> k = keyTowers.project(v).stream().<Operand<TFloat32>>map(tf::stopGradient).toList();
        Operand<TFloat32> negatives = queue.read(tf);
        Operand<TFloat32> l = tf.math.mul(tf.constant(0.5f), tf.math.add(
                loss.build(tf, q.get(0), k.get(1), negatives), loss.build(tf, q.get(1), k.get(0), negatives)));
        Operand<TFloat32> m = MomentumEncoder.constant(tf, momentum);
        return new MethodGraph(l, online.encoder(), viewShape, List.of(
                after -> target.update(after, m),
                after -> queue.enqueue(after, after.concat(k, after.constant(0)))));
    }
}
