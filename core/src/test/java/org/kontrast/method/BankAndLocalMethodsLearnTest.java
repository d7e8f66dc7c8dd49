package org.kontrast.method;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kontrast.loss.DeepInfoMaxLoss;
import org.kontrast.loss.NonParametricSoftmax;
import org.kontrast.memory.MemoryBank;

/** InstDisc (memory bank, full softmax and NCE) and DIM (both estimators) learn on the same stripes as every other method. */
class BankAndLocalMethodsLearnTest {
    static Stream<Arguments> methods() {
        int w = MethodsLearnTest.WIDTH;
        List<Supplier<Method>> all = List.of(
                () -> new InstDisc(MethodsLearnTest.views().pipeline(), MethodsLearnTest.encoder(), 0, w, new NonParametricSoftmax(0.1), 0,
                        MemoryBank.MOMENTUM_DEFAULT, MethodsLearnTest.TRAIN_SIZE),
                () -> new InstDisc(MethodsLearnTest.views().pipeline(), MethodsLearnTest.encoder(), w, w, new NonParametricSoftmax(0.1), 128,
                        MemoryBank.MOMENTUM_DEFAULT, MethodsLearnTest.TRAIN_SIZE),
                () -> new Dim(MethodsLearnTest.views().pipeline(), MethodsLearnTest.encoder(), new DeepInfoMaxLoss(DeepInfoMaxLoss.Estimator.JSD), 64),
                () -> new Dim(MethodsLearnTest.views().pipeline(), MethodsLearnTest.encoder(), new DeepInfoMaxLoss(DeepInfoMaxLoss.Estimator.INFO_NCE), 64));
        String[] names = {"instdisc full softmax", "instdisc nce", "dim jsd", "dim infoNce"};
        return java.util.stream.IntStream.range(0, all.size()).mapToObj(i -> Arguments.of(names[i], all.get(i)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void learnsOnSyntheticStripes(String name, Supplier<Method> method) {
        MethodsLearnTest.assertLearns(name, method.get());
    }
}
