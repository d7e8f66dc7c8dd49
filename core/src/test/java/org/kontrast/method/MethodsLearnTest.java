package org.kontrast.method;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ColorJitter;
import org.kontrast.augment.RandomResizedCrop;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.BarlowTwinsLoss;
import org.kontrast.loss.DecoupledContrastive;
import org.kontrast.loss.DinoLoss;
import org.kontrast.loss.HsicLoss;
import org.kontrast.loss.InfoNce;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.loss.TwistLoss;
import org.kontrast.loss.VicregLoss;
import org.kontrast.nn.Padding;
import org.kontrast.view.TwoViews;

/**
 * Every method, trained briefly on noisy synthetic stripes (the class is the
 * orientation), must lower its loss and make its features clearly better for kNN
 * than the same encoder's random initialisation.
 */
class MethodsLearnTest {
    private static final int BATCH = 64;
    private static final int EPOCHS = 20;
    static final int WIDTH = 32;
    private static final int CLASSES = 4;
    static final int TRAIN_SIZE = 512;
    /** The rise in kNN accuracy that counts as learning, well above the run-to-run noise of 256 test images. */
    private static final double MIN_GAIN = 0.05;

    static TwoViews views() {
        // No flip and square crops: a mirror or a stretch changes a stripe's orientation, which is its class.
        return new TwoViews(new AugmentationPipeline(List.of(new RandomResizedCrop(16, 0.3, 1.0, 1.0, 1.0),
                new ColorJitter(0.4, 0.4, 0, 0, 0.8))));
    }

    static EncoderFactory encoder() {
        return EncoderFactory.convNet(WIDTH, 3, Padding.SAME);
    }

    static Stream<Arguments> methods() {
        List<Supplier<Method>> all = List.of(
                () -> new SimClr(views(), encoder(), WIDTH, WIDTH, new NtXentLoss(0.2)),
                () -> new MocoV2(views(), encoder(), WIDTH, WIDTH, new InfoNce(0.2), MocoV2.MOMENTUM_DEFAULT, 256),
                () -> new Nnclr(views(), encoder(), WIDTH, WIDTH, new InfoNce(0.2), 256),
                () -> new Dcclr(views(), encoder(), WIDTH, WIDTH, new DecoupledContrastive(0.2)),
                () -> new BarlowTwins(views(), encoder(), WIDTH, WIDTH, new BarlowTwinsLoss(BarlowTwinsLoss.WEIGHT_DEFAULT)),
                () -> new HsicTwins(views(), encoder(), WIDTH, WIDTH, new HsicLoss(HsicLoss.WEIGHT_DEFAULT)),
                () -> new Twist(views(), encoder(), WIDTH, WIDTH, new TwistLoss()),
                () -> new Dino(views(), encoder(), WIDTH, WIDTH, new DinoLoss(DinoLoss.TEMPERATURE_DEFAULT, DinoLoss.SHARPENING_DEFAULT),
                        Dino.MOMENTUM_DEFAULT, Dino.CENTER_MOMENTUM_DEFAULT),
                () -> new Byol(views(), encoder(), WIDTH, WIDTH, WIDTH, 0.99),
                () -> new SimSiam(views(), encoder(), WIDTH, WIDTH, WIDTH / 4),
                () -> new Vicreg(views(), encoder(), WIDTH, WIDTH, new VicregLoss(25, 25, 1)));
        return all.stream().map(s -> Arguments.of(s.get().name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void learnsOnSyntheticStripes(String name, Supplier<Method> method) {
        assertLearns(name, method.get());
    }

    /** Trains on {@link #TRAIN_SIZE} stripes; asserts the loss falls (DINO: beats uniform) and kNN gains {@link #MIN_GAIN}. */
    static void assertLearns(String name, Method method) {
        assertLearns(name, method, 1);
    }

    /** @param channels the stripes' channels, each with its own noise (views for CMC) */
    static void assertLearns(String name, Method method, int channels) {
        ImageDataset train = SyntheticImages.noisyStripes(TRAIN_SIZE, 16, CLASSES, 1, channels);
        ImageDataset test = SyntheticImages.noisyStripes(256, 16, CLASSES, 2, channels);
        LearningRun run = LearningRun.of(method, train, test, BATCH, EPOCHS, 2e-3, CLASSES);
        List<Double> losses = run.losses();
        double before = run.knnBefore();
        double after = run.knnAfter();
        double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
        double last = (losses.get(EPOCHS - 1) + losses.get(EPOCHS - 2) + losses.get(EPOCHS - 3)) / 3;
        if (name.equals(Dino.NAME)) {
            // DINO's target sharpens and moves as the teacher learns, so its loss need not fall; a student that
            // learned predicts the teacher better than a uniform guess, whose cross-entropy is log(d).
            assertTrue(last < Math.log(WIDTH), name + ": no better than uniform: " + losses);
        } else {
            assertTrue(last < first, name + ": loss did not fall: " + losses);
        }
        assertTrue(after >= before + MIN_GAIN, name + ": kNN accuracy did not rise: " + before + " -> " + after);
    }
}
