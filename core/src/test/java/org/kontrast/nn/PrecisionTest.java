package org.kontrast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.SimClr;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizer;
import org.kontrast.train.Optimizers;
import org.kontrast.view.TwoViews;
import org.tensorflow.types.TUint8;

/**
 * Mixed precision against float32 from the same seed. This CPU has no bfloat16
 * instructions, so recipes refuse "mixed" here, but TensorFlow's CPU kernels still
 * compute both 16-bit types, which is enough to check the arithmetic and the loss scaling.
 */
class PrecisionTest {
    private static final ImageDataset DATA = SyntheticImages.stripes(32, 8, 4, 1);

    private static Experiment experiment(Precision p, Optimizer optimizer) {
        return Experiment.build(new SimClr(new TwoViews(new AugmentationPipeline(List.of())), EncoderFactory.convNet(8, 2, Padding.SAME),
                8, 8, new NtXentLoss(0.1)), DATA.shape(), 8, optimizer, 5, 1, null, p);
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void sixteenBitEncodingsFollowFloat32WithinTheirPrecision() {
        float[] exact;
        try (Experiment e = experiment(Precision.FLOAT32, Optimizers.adam()); TUint8 b = DATA.range(0, 16)) {
            exact = e.encode(b)[0];
        }
        // float16 keeps 11 significant bits, bfloat16 8: relative errors near 2^-11 and 2^-8 per rounding.
        for (Object[] c : new Object[][] {{Precision.MIXED_FLOAT16, 5e-3}, {Precision.MIXED_BFLOAT16, 4e-2}}) {
            try (Experiment e = experiment((Precision) c[0], Optimizers.adam()); TUint8 b = DATA.range(0, 16)) {
                float[] got = e.encode(b)[0];
                float scale = maxAbs(exact);
                double worst = 0;
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - exact[i]) / scale);
                }
                assertTrue(worst > 0 && worst < (double) c[1], c[0] + ": worst relative error " + worst);
            }
        }
    }

    @Test
    void float16StepsWithLossScalingFollowFloat32UnderPlainSgd() {
        // SGD, unlike Adam, is not invariant to the gradient's scale: a missing unscale would multiply every step by 1024.
        float[][] losses = new float[2][];
        float[][] weights = new float[2][];
        Precision[] ps = {Precision.FLOAT32, Precision.MIXED_FLOAT16};
        for (int k = 0; k < 2; k++) {
            try (Experiment e = experiment(ps[k], Optimizers.sgd(0.0, 0.0))) {
                int[] order = Batches.epochOrder(5, 0, DATA.size());
                losses[k] = new float[4];
                for (int s = 0; s < 4; s++) {
                    try (TUint8 b = DATA.batch(order, s * 8, 8)) {
                        losses[k][s] = e.step(b, s, 0.05);
                    }
                }
                weights[k] = e.variable("convnet_conv1_kernel");
            }
        }
        for (int s = 0; s < 4; s++) {
            assertEquals(losses[0][s], losses[1][s], 2e-2 * Math.abs(losses[0][s]), "step " + s);
        }
        double worst = 0;
        for (int i = 0; i < weights[0].length; i++) {
            worst = Math.max(worst, Math.abs(weights[0][i] - weights[1][i]));
        }
        assertTrue(worst < 1e-2 * maxAbs(weights[0]), "weights drifted by " + worst);
        assertEquals(1024f, Precision.MIXED_FLOAT16.lossScale());
        assertEquals(1f, Precision.MIXED_BFLOAT16.lossScale());
    }
}
