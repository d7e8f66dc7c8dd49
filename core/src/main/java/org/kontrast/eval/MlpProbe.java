package org.kontrast.eval;

import org.kontrast.nn.Dense;

/**
 * A small non-linear probe on frozen features: Dense(hidden) -> ReLU -> Dense(classes),
 * softmax cross-entropy, Adam, on standardised features; the classifier CPC's image
 * experiments report beside the linear one (van den Oord et al., 2018, section 3.2; Hénaff
 * et al., ICML 2020, section 4). Seeded: the same features give the same accuracy.
 */
public final class MlpProbe {
    public static final int HIDDEN_DEFAULT = 256;
    public static final int EPOCHS_DEFAULT = 30;

    private final int hidden;
    private final int epochs;
    private final int threads;

    public MlpProbe(int hidden, int epochs, int threads) {
        if (hidden < 1 || epochs < 1) {
            throw new IllegalArgumentException("eval.mlpProbe hidden and epochs must be >= 1, got hidden=" + hidden + " epochs=" + epochs);
        }
        this.hidden = hidden;
        this.epochs = epochs;
        this.threads = threads;
    }

    /** Test accuracy after training on the train features. */
    public double evaluate(Features train, int[] trainLabels, Features test, int[] testLabels, int classes) {
        return ProbeTraining.accuracy((store, x, k) -> {
            Dense first = new Dense(store, "mlp_hidden", train.dim(), hidden, true);
            Dense second = new Dense(store, "mlp_out", hidden, k, true);
            return second.apply(store.tf().nn.relu(first.apply(x)));
        }, train, trainLabels, test, testLabels, classes, epochs, threads);
    }
}
