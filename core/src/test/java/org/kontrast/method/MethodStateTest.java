package org.kontrast.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.DinoLoss;
import org.kontrast.loss.InfoNce;
import org.kontrast.nn.Padding;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizers;
import org.kontrast.view.TwoViews;
import org.tensorflow.types.TUint8;

/** The state a method keeps between steps, read back from a real experiment and recomputed in Java. */
class MethodStateTest {
    private static final int BATCH = 8;
    private static final int OUT = 8;
    private static final String KERNEL = "projection_out_kernel";

    private static EncoderFactory encoder() {
        return EncoderFactory.convNet(8, 2, Padding.SAME);
    }

    private static TwoViews views() {
        return new TwoViews(new AugmentationPipeline(List.of()));
    }

    private static float step(Experiment e, ImageDataset data, long step) {
        int[] order = Batches.epochOrder(1, 0, data.size());
        try (TUint8 b = data.batch(order, (int) (step % 4) * BATCH, BATCH)) {
            return e.step(b, step, 1e-2, 0.5);
        }
    }

    @Test
    void mocoKeyEncoderIsTheEmaOfTheUpdatedOnlineWeights() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        double m = 0.9;
        try (Experiment e = Experiment.build(new MocoV2(views(), encoder(), 8, OUT, new InfoNce(0.1), m, 40), data.shape(), BATCH,
                Optimizers.adam(), 1, 1)) {
            float[] online0 = e.variable(KERNEL);
            assertArrayEquals(online0, e.variable(MocoV2.TARGET + KERNEL), "the key encoder starts as a copy");
            for (long s = 0; s < 3; s++) {
                float[] target = e.variable(MocoV2.TARGET + KERNEL);
                step(e, data, s);
                float[] online = e.variable(KERNEL);
                float[] next = e.variable(MocoV2.TARGET + KERNEL);
                for (int i = 0; i < next.length; i++) {
                    assertEquals(m * target[i] + (1 - m) * online[i], next[i], 1e-6, "step " + s + " weight " + i);
                }
            }
        }
    }

    @Test
    void mocoQueueShiftsByTwoBatchesOfUnitKeysAndWrapsAround() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        int queue = 40;
        try (Experiment e = Experiment.build(new MocoV2(views(), encoder(), 8, OUT, new InfoNce(0.1), 0.99, queue), data.shape(), BATCH,
                Optimizers.adam(), 1, 1)) {
            float[][] history = new float[4][];
            for (long s = 0; s < 4; s++) {
                float[] before = e.variable(MocoV2.QUEUE);
                step(e, data, s);
                float[] after = e.variable(MocoV2.QUEUE);
                history[(int) s] = after;
                int pushed = 2 * BATCH * OUT;
                // The old contents move down by 2N rows; the oldest 2N fall off the end.
                for (int i = 0; i < after.length - pushed; i++) {
                    assertEquals(before[i], after[i + pushed], 0f);
                }
                for (int r = 0; r < 2 * BATCH; r++) {
                    double norm = 0;
                    for (int j = 0; j < OUT; j++) {
                        norm += after[r * OUT + j] * after[r * OUT + j];
                    }
                    assertEquals(1, norm, 1e-5, "new key " + r + " is unit length");
                }
            }
            // Two pushes later the first step's 16 keys sit at rows 32..47 of a 40-row queue: rows 0..7 stay, 8..15 wrapped out.
            for (int i = 0; i < 8 * OUT; i++) {
                assertEquals(history[0][i], history[2][i + 32 * OUT], 0f);
            }
        }
    }

    @Test
    void byolTargetFollowsTheCosineMomentum() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        double base = 0.9;
        try (Experiment e = Experiment.build(new Byol(views(), encoder(), 8, OUT, 8, base), data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            float[] target = e.variable(Byol.TARGET + KERNEL);
            step(e, data, 0);
            float[] online = e.variable(KERNEL);
            float[] next = e.variable(Byol.TARGET + KERNEL);
            // At progress 0.5: m = 1 - (1 - 0.9) (cos(pi / 2) + 1) / 2 = 0.95.
            double m = 0.95;
            for (int i = 0; i < next.length; i++) {
                assertEquals(m * target[i] + (1 - m) * online[i], next[i], 1e-6);
            }
        }
    }

    @Test
    void dinoCenterIsTheEmaOfTheTeachersMeanOutput() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        try (Experiment e = Experiment.build(new Dino(views(), encoder(), 8, OUT, new DinoLoss(0.1, 0.5), 0.9, 0.5),
                data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            assertArrayEquals(new float[OUT], e.variable(Dino.CENTER));
            step(e, data, 0);
            float[] c1 = e.variable(Dino.CENTER);
            double sum = 0;
            for (float v : c1) {
                sum += v * v;
            }
            // c = 0.5 * 0 + 0.5 * mean of unit vectors: non-zero, and no longer than 0.5.
            assertEquals(true, sum > 0 && Math.sqrt(sum) <= 0.5 + 1e-6, "centre " + java.util.Arrays.toString(c1));
        }
    }

    @Test
    void dinoCentreTakesInTheCurrentBatchBeforeTheLossUsesIt() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        // A frozen teacher (momentum 1) on the same un-augmented batch gives the same mean t each step,
        // so c1 = 0.5 t and c2 = 0.5 c1 + 0.5 t = 1.5 c1.
        try (Experiment e = Experiment.build(new Dino(views(), encoder(), 8, OUT, new DinoLoss(0.1, 0.5), 1.0, 0.5),
                data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            step(e, data, 0);
            float[] c1 = e.variable(Dino.CENTER);
            step(e, data, 0);
            float[] c2 = e.variable(Dino.CENTER);
            for (int i = 0; i < OUT; i++) {
                assertEquals(1.5 * c1[i], c2[i], 1e-6, "centre " + i);
            }
        }
    }

    @Test
    void dinoLossAtTheFirstStepUsesTheBatchCentreWhenCentreMomentumIsZero() {
        ImageDataset data = SyntheticImages.stripes(64, 8, 4, 1);
        float fixedZero = firstDinoLoss(data, 1.0);
        // The control: the same seed builds the same network, so only the centre can change the loss.
        assertEquals(fixedZero, firstDinoLoss(data, 1.0), 0f);
        float batchCentre = firstDinoLoss(data, 0.0);
        assertEquals(true, Math.abs(batchCentre - fixedZero) > 1e-4,
                "a zero centre gave " + fixedZero + ", the batch centre " + batchCentre);
    }

    private static float firstDinoLoss(ImageDataset data, double centerMomentum) {
        try (Experiment e = Experiment.build(new Dino(views(), encoder(), 8, OUT, new DinoLoss(0.1, 0.5), 0.9, centerMomentum),
                data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            return step(e, data, 0);
        }
    }
}
