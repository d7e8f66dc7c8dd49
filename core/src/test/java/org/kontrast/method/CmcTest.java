package org.kontrast.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomResizedCrop;
import org.kontrast.data.ImageDataset;
import org.kontrast.loss.InfoNce;
import org.kontrast.nn.Padding;
import org.kontrast.nn.RepresentationPart;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizers;
import org.kontrast.view.ChannelViews;
import org.tensorflow.types.TUint8;

/** CMC's loss, key encoders and queues, recomputed in Java from a real experiment's variables. */
class CmcTest {
    private static final int BATCH = 4;
    private static final int WIDTH = 8;
    private static final int HIDDEN = 16;
    private static final int OUT = 4;
    private static final double T = 0.5;
    private static final int MULTIPLE = 2;

    private static ImageDataset rgb(int n) {
        Random random = new Random(5);
        byte[] px = new byte[n * 8 * 8 * 3];
        random.nextBytes(px);
        return new ImageDataset("random-rgb", px, new int[n], new ImageShape(8, 8, 3));
    }

    private static Cmc cmc(Cmc.Settings settings) {
        return new Cmc(new AugmentationPipeline(List.of()), ChannelViews.lab(), EncoderFactory.convNet(WIDTH, 2, Padding.SAME), HIDDEN, OUT,
                new InfoNce(T), settings);
    }

    /** z = relu(o W1 + b1) W2 + b2, with the head's variables read from the experiment. */
    private static double[][] head(Experiment e, float[] outputs, int view, int n) {
        String p = "cmc_view" + view + "_" + Cmc.HEAD;
        float[] w1 = e.variable(p + "_hidden_kernel");
        float[] b1 = e.variable(p + "_hidden_bias");
        float[] w2 = e.variable(p + "_out_kernel");
        float[] b2 = e.variable(p + "_out_bias");
        double[][] z = new double[n][OUT];
        for (int i = 0; i < n; i++) {
            double[] h = new double[HIDDEN];
            for (int k = 0; k < HIDDEN; k++) {
                double s = b1[k];
                for (int j = 0; j < WIDTH; j++) {
                    s += outputs[i * 2 * WIDTH + view * WIDTH + j] * w1[j * HIDDEN + k];
                }
                h[k] = Math.max(0, s);
            }
            for (int k = 0; k < OUT; k++) {
                double s = b2[k];
                for (int j = 0; j < HIDDEN; j++) {
                    s += h[j] * w2[j * OUT + k];
                }
                z[i][k] = s;
            }
        }
        return z;
    }

    private static double[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            // As the graph's l2Normalize: a zero row (every hidden unit off) stays zero.
            out[i] = v[i] / Math.sqrt(Math.max(norm, 1e-12));
        }
        return out;
    }

    /** Mean over i of -log softmax(q_i . keys / t)[i], keys = positives then the extra rows, all made unit. */
    private static double infoNce(double[][] q, double[][] positives, double[][] extra) {
        int n = q.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] a = unit(q[i]);
            double[] logits = new double[n + extra.length];
            for (int j = 0; j < logits.length; j++) {
                double[] k = unit(j < n ? positives[j] : extra[j - n]);
                double d = 0;
                for (int x = 0; x < OUT; x++) {
                    d += a[x] * k[x];
                }
                logits[j] = d / T;
            }
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            total += max + Math.log(sum) - logits[i];
        }
        return total / n;
    }

    private static double[][] rows(float[] flat, int dim) {
        double[][] out = new double[flat.length / dim][dim];
        for (int i = 0; i < flat.length; i++) {
            out[i / dim][i % dim] = flat[i];
        }
        return out;
    }

    @Test
    void firstStepLossIsTheQueueAndIntraBatchContrastOfBothViews() {
        ImageDataset data = rgb(BATCH);
        int[] order = {0, 1, 2, 3};
        Cmc.Settings s = new Cmc.Settings(Cmc.Pairs.FULL, 0.9, MULTIPLE, true, 0);
        try (Experiment e = Experiment.build(cmc(s), data.shape(), BATCH, Optimizers.adam(), 1, 1); TUint8 batch = data.batch(order, 0, BATCH)) {
            float[] outputs = e.encode(batch)[1];
            double[][] z0 = head(e, outputs, 0, BATCH);
            double[][] z1 = head(e, outputs, 1, BATCH);
            double[][] queue0 = rows(e.variable("cmc_queue0"), OUT);
            double[][] queue1 = rows(e.variable("cmc_queue1"), OUT);
            float[] keyConv = e.variable(Cmc.KEY + "cmc_view1_convnet_conv1_kernel");
            // The key encoders start as copies, so at the first step every key equals its query.
            double inter = (infoNce(z0, z1, queue1) + infoNce(z1, z0, queue0)) / 2;
            double intra = (infoNce(z0, z1, new double[0][]) + infoNce(z1, z0, new double[0][])) / 2;
            float loss = e.step(batch, 0, 1e-2, 0);
            assertEquals(inter + intra, loss, 1e-4);

            // After the step: each queue holds this step's keys in front, its old rows moved down.
            for (int v = 0; v < 2; v++) {
                double[][] z = v == 0 ? z0 : z1;
                double[][] before = v == 0 ? queue0 : queue1;
                double[][] after = rows(e.variable("cmc_queue" + v), OUT);
                assertEquals(MULTIPLE * BATCH, after.length);
                for (int i = 0; i < BATCH; i++) {
                    assertArrayEquals(unit(z[i]), after[i], 1e-5, "view " + v + " key " + i);
                    assertArrayEquals(before[i], after[i + BATCH], 0, "view " + v + " old row " + i);
                }
            }
            // ... and the key encoder is the EMA of the updated online one.
            float[] online = e.variable("cmc_view1_convnet_conv1_kernel");
            float[] key = e.variable(Cmc.KEY + "cmc_view1_convnet_conv1_kernel");
            for (int i = 0; i < key.length; i++) {
                assertEquals(0.9 * keyConv[i] + 0.1 * online[i], key[i], 1e-6);
            }
        }
    }

    @Test
    void withoutTheIntraBatchTermOnlyTheQueueContrastRemains() {
        ImageDataset data = rgb(BATCH);
        Cmc.Settings s = new Cmc.Settings(Cmc.Pairs.CORE, 0.99, MULTIPLE, false, 0);
        try (Experiment e = Experiment.build(cmc(s), data.shape(), BATCH, Optimizers.adam(), 1, 1);
             TUint8 batch = data.batch(new int[] {0, 1, 2, 3}, 0, BATCH)) {
            float[] outputs = e.encode(batch)[1];
            double[][] z0 = head(e, outputs, 0, BATCH);
            double[][] z1 = head(e, outputs, 1, BATCH);
            double inter = (infoNce(z0, z1, rows(e.variable("cmc_queue1"), OUT)) + infoNce(z1, z0, rows(e.variable("cmc_queue0"), OUT))) / 2;
            assertEquals(inter, e.step(batch, 0, 1e-2, 0), 1e-4);
        }
    }

    @Test
    void theProbedRepresentationIsEachViewsSideBySide() {
        ImageDataset data = rgb(BATCH);
        try (Experiment e = Experiment.build(cmc(Cmc.Settings.defaults()), data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            // Two 8x8 views through a 2-layer ConvNet of width 8: 2 x 2 x 8 = 32 features each.
            assertEquals(List.of(new RepresentationPart("L", 0, 32), new RepresentationPart("ab", 32, 64)), e.representationParts());
            assertEquals(64, e.representationDim());
            assertEquals(16, e.outputDim());
        }
    }

    @Test
    void aSharedTrunkHasOneEncoderBehindAStemPerView() {
        ImageDataset data = rgb(BATCH);
        Cmc.Settings s = new Cmc.Settings(Cmc.Pairs.FULL, 0.99, MULTIPLE, true, 5);
        try (Experiment e = Experiment.build(cmc(s), data.shape(), BATCH, Optimizers.adam(), 1, 1)) {
            assertEquals(3 * 3 * 5 * WIDTH, e.variable("cmc_trunk_convnet_conv1_kernel").length);
            assertEquals(1 * 5, e.variable("cmc_view0_cmc_stem_kernel").length);
            assertEquals(2 * 5, e.variable("cmc_view1_cmc_stem_kernel").length);
            assertThrows(IllegalArgumentException.class, () -> e.variable("cmc_view0_convnet_conv1_kernel"));
            assertTrue(e.variable(Cmc.KEY + "cmc_trunk_convnet_conv1_kernel").length > 0);
        }
    }

    @Test
    void imagesTheViewsCannotBeCutFromAreRefusedByShape() {
        Cmc lab = cmc(Cmc.Settings.defaults());
        var error = assertThrows(IllegalArgumentException.class, () -> lab.check(new ImageShape(8, 8, 1)));
        assertEquals("the L and ab views are cut from RGB images, but these have 1 channel(s)", error.getMessage());
        Cmc folders = new Cmc(new AugmentationPipeline(List.of()), ChannelViews.of(List.of("rgb", "depth"), new int[] {3, 1}),
                EncoderFactory.convNet(WIDTH, 2, Padding.SAME), HIDDEN, OUT, new InfoNce(T), Cmc.Settings.defaults());
        error = assertThrows(IllegalArgumentException.class, () -> folders.check(new ImageShape(8, 8, 3)));
        assertEquals("the views [rgb, depth] have 4 channels together, but the images have 3", error.getMessage());
        assertEquals("expected \"full\" or \"core\", got \"star\"",
                assertThrows(IllegalArgumentException.class, () -> Cmc.Pairs.of("star")).getMessage());
        assertEquals(3, Cmc.Pairs.FULL.of(3).size());
        assertEquals(2, Cmc.Pairs.CORE.of(3).size());
    }

    @Test
    void learnsFromTwoNoisyChannelsOfTheSameStripes() {
        Cmc method = new Cmc(new AugmentationPipeline(List.of(new RandomResizedCrop(16, 0.3, 1.0, 1.0, 1.0))),
                ChannelViews.perChannel(2), MethodsLearnTest.encoder(), MethodsLearnTest.WIDTH, MethodsLearnTest.WIDTH, new InfoNce(0.2),
                new Cmc.Settings(Cmc.Pairs.FULL, Cmc.MOMENTUM_DEFAULT, 2, true, 0));
        MethodsLearnTest.assertLearns("cmc", method, 2);
    }
}
