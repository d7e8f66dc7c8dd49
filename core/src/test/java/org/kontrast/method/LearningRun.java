package org.kontrast.method;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.data.ImageDataset;
import org.kontrast.eval.FeatureExtractor;
import org.kontrast.eval.Features;
import org.kontrast.eval.KnnClassifier;
import org.kontrast.train.Experiment;
import org.kontrast.train.LearningRateSchedule;
import org.kontrast.train.Optimizers;
import org.kontrast.train.Trainer;
import org.kontrast.train.TrainingListener;

/** A method trained briefly at a constant rate: its epoch losses and the kNN accuracy of its features before and after. */
record LearningRun(List<Double> losses, double knnBefore, double knnAfter) {
    private static final long SEED = 3;

    static LearningRun of(Method method, ImageDataset train, ImageDataset test, int batch, int epochs, double lr, int classes) {
        List<Double> losses = new ArrayList<>();
        try (Experiment e = Experiment.build(method, train.shape(), batch, Optimizers.adam(), SEED, 2)) {
            double before = knn(e, train, test, classes);
            Trainer.builder().setExperiment(e).setDataset(train).setSchedule(LearningRateSchedule.constant(lr))
                    .optEpochs(epochs).optBatchSize(batch).optSeed(SEED)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochEvent event) {
                            losses.add(event.meanLoss());
                        }
                    })
                    .build().fit();
            return new LearningRun(losses, before, knn(e, train, test, classes));
        }
    }

    private static double knn(Experiment e, ImageDataset train, ImageDataset test, int classes) {
        Features[] tr = FeatureExtractor.extract(e, train, 256);
        Features[] te = FeatureExtractor.extract(e, test, 256);
        return new KnnClassifier(20, 0.1, 2).accuracy(tr[0], train.labels().orElseThrow(), te[0], test.labels().orElseThrow(), classes);
    }
}
