package org.kontrast.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * CPC's InfoNCE over a grid of patch codes: the prediction for the patch k rows
 * below (row r + k, same column) must pick that patch's code among the codes of
 * every position of every image in the batch, scored by a dot product (the
 * log-bilinear f_k = exp(z^T W_k c) of the paper):
 * l = -log exp(p . z_pos) / sum_m exp(p . z_m), averaged over predictions.
 * Van den Oord, Li and Vinyals, "Representation Learning with Contrastive Predictive
 * Coding", 2018, eq. 4 and section 3.2; negatives from other positions and images as
 * in Hénaff et al., ICML 2020, section 3.
 */
public final class CpcInfoNce {
    private CpcInfoNce() {
    }

    /**
     * The loss of one offset.
     *
     * @param predictions [B, rows - k, cols, D]: the prediction made from context row r, for r = 0 .. rows - k - 1
     * @param codes       [B, rows, cols, D]: every patch code; the targets are rows k .. rows - 1
     */
    public static Operand<TFloat32> offset(Ops tf, Operand<TFloat32> predictions, Operand<TFloat32> codes, int offset, int rows,
                                           int cols, int dim) {
        if (offset < 1 || offset >= rows) {
            throw new IllegalArgumentException("CPC offset must be in [1, " + (rows - 1) + "] for a grid of " + rows + " rows, got "
                    + offset);
        }
        Operand<TFloat32> targets = tf.slice(codes, tf.constant(new int[] {0, offset, 0, 0}),
                tf.constant(new int[] {-1, rows - offset, cols, dim}));
        Operand<TFloat32> p = tf.reshape(predictions, tf.constant(new int[] {-1, dim}));
        Operand<TFloat32> positive = tf.reduceSum(tf.math.mul(p, tf.reshape(targets, tf.constant(new int[] {-1, dim}))),
                tf.constant(1));
        Operand<TFloat32> all = tf.reshape(codes, tf.constant(new int[] {-1, dim}));
        Operand<TFloat32> logits = tf.linalg.matMul(p, all, MatMul.transposeB(true));
        return tf.math.mean(tf.math.sub(logSumExp(tf, logits), positive), tf.constant(0));
    }

    /** The mean of per-offset losses. */
    public static Operand<TFloat32> mean(Ops tf, List<Operand<TFloat32>> losses) {
        return tf.math.mean(tf.stack(losses), tf.constant(0));
    }

    /** log sum_j exp(x_ij) per row, shifted by the row's maximum for stability (the shift carries no gradient). */
    static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(x, tf.constant(1), org.tensorflow.op.core.ReduceMax.keepDims(true)));
        Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), tf.constant(1));
        return tf.math.add(tf.math.log(sum), tf.squeeze(max, org.tensorflow.op.core.Squeeze.axis(List.of(1L))));
    }
}
