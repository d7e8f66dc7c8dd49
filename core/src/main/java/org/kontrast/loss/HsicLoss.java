package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * HSIC Twins: Barlow Twins with the off-diagonal target at -1 instead of 0, which
 * Tsai et al. derive from maximising the Hilbert-Schmidt independence criterion:
 * L = sum_i (1 - C_ii)^2 / d + w sum_{i != j} (1 + C_ij)^2 / (d (d - 1)).
 * Tsai et al., "A Note on Connecting Barlow Twins with Negative-Sample-Free
 * Contrastive Learning", 2021, eq. 6; normalised as the Keras contrastive baseline.
 */
public final class HsicLoss implements ContrastiveLoss {
    /** The Keras baseline's weight for this normalisation. */
    public static final double WEIGHT_DEFAULT = 3;

    private final double weight;

    public HsicLoss(double weight) {
        this.weight = BarlowTwinsLoss.checkWeight(weight);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2) {
        return BarlowTwinsLoss.twinsLoss(tf, z1, z2, -1f, weight);
    }
}
