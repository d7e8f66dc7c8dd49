package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.DinoLoss;
import org.kontrast.memory.MomentumEncoder;
import org.kontrast.nn.Parameter;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.kontrast.view.TwoViews;

/**
 * DINO: a student matches the centred, sharpened output of a momentum teacher on
 * the other view; the centre is an EMA of the teacher's outputs. Caron et al.,
 * "Emerging Properties in Self-Supervised Vision Transformers", ICCV 2021
 * (two global views, no multi-crop here).
 */
public final class Dino implements Method {
    public static final String NAME = "dino";
    /** The Keras baseline's teacher momentum (the paper: 0.996 to 1 by cosine). */
    public static final double MOMENTUM_DEFAULT = 0.9;
    /**
     * Caron et al.'s centre momentum m in c <- m c + (1 - m) mean(teacher); 0 is the Keras
     * baseline's centre, the mean of the current batch alone.
     */
    public static final double CENTER_MOMENTUM_DEFAULT = 0.9;
    static final String TEACHER = "teacher_";
    static final String CENTER = "dino_center";

    private final TwoViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final DinoLoss loss;
    private final double momentum;
    private final double centerMomentum;

    public Dino(TwoViews views, EncoderFactory encoder, int headHidden, int headOut, DinoLoss loss,
                double momentum, double centerMomentum) {
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
        this.momentum = MomentumEncoder.checkMomentum("momentum", momentum);
        this.centerMomentum = MomentumEncoder.checkMomentum("centerMomentum", centerMomentum);
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
        Towers student = new Towers(c.store(), encoder, viewShape, headHidden, headOut, false);
        MomentumEncoder teacher = new MomentumEncoder(c.store(), TEACHER);
        Towers teacherTowers = new Towers(teacher.store(), encoder, viewShape, headHidden, headOut, false);
        Parameter center = c.store().state(CENTER, Shape.of(1, headOut));

        List<Operand<TFloat32>> s = student.project(v);
        List<Operand<TFloat32>> t = teacherTowers.project(v);
        Operand<TFloat32> batchMean = tf.math.mean(DinoLoss.teacherOutput(tf, tf.concat(t, tf.constant(0))),
                tf.constant(0), Mean.keepDims(true));
        // The centre includes this batch before it is used, so that centerMomentum = 0 is the Keras
        // baseline's batch centre; an old centre against a teacher moving at momentum 0.9 let DINO collapse.
        Operand<TFloat32> centre = tf.math.add(tf.math.mul(tf.constant((float) centerMomentum), center.read()),
                tf.math.mul(tf.constant((float) (1 - centerMomentum)), batchMean));
        Operand<TFloat32> l = tf.math.mul(tf.constant(0.5f), tf.math.add(
                loss.build(tf, s.get(0), t.get(1), centre), loss.build(tf, s.get(1), t.get(0), centre)));
        Operand<TFloat32> m = MomentumEncoder.constant(tf, momentum);
        return new MethodGraph(l, student.encoder(), viewShape, List.of(
                after -> teacher.update(after, m),
                after -> after.assign(center.variable(), after.identity(centre))));
    }
}
