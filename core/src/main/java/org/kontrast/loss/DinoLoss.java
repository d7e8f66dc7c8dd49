package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DINO's self-distillation loss: the teacher's centred, sharpened distribution
 * P_t = softmax((t - c) / tau_t) is the target of the student's
 * P_s = softmax(s / tau_s): l = mean_i H(P_t_i, P_s_i), the teacher without
 * gradient. Caron et al., "Emerging Properties in Self-Supervised Vision
 * Transformers", ICCV 2021, eq. 1-4 and algorithm 1. As in the Keras baseline,
 * both outputs are l2-normalised first and tau_t = sharpening * tau_s.
 */
public final class DinoLoss {
    /** The Keras baseline's student temperature. */
    public static final double TEMPERATURE_DEFAULT = 0.1;
    /** The Keras baseline's sharpening: the teacher runs at half the student's temperature. */
    public static final double SHARPENING_DEFAULT = 0.5;

    private final double studentTemperature;
    private final double teacherTemperature;

    public DinoLoss(double temperature, double sharpening) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(sharpening > 0 && sharpening <= 1)) {
            throw new IllegalArgumentException("sharpening must be in (0, 1], got " + sharpening);
        }
        this.studentTemperature = temperature;
        this.teacherTemperature = temperature * sharpening;
    }

    /** The teacher's output before centring, as the centre's EMA needs it: l2-normalised, no gradient. */
    public static Operand<TFloat32> teacherOutput(Ops tf, Operand<TFloat32> teacher) {
        return NtXentLoss.l2Normalize(tf, tf.stopGradient(teacher));
    }

    /** @param center the running mean of {@link #teacherOutput}, [1, d] */
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> student, Operand<TFloat32> teacher, Operand<TFloat32> center) {
        Operand<TFloat32> target = tf.nn.softmax(tf.math.div(tf.math.sub(teacherOutput(tf, teacher), tf.stopGradient(center)),
                tf.constant((float) teacherTemperature)));
        Operand<TFloat32> logits = tf.math.div(NtXentLoss.l2Normalize(tf, student), tf.constant((float) studentTemperature));
        return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, tf.stopGradient(target)).loss(), tf.constant(0));
    }
}
