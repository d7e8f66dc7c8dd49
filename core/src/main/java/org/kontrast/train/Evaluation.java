package org.kontrast.train;

import java.util.Map;

/** Measures the representation during training; the trainer calls it at epoch ends. */
@FunctionalInterface
public interface Evaluation {
    /**
     * Metrics by dotted name, or an empty map to skip this epoch.
     *
     * @param last whether this is the final epoch of the run
     */
    Map<String, Double> evaluate(Experiment experiment, int epoch, boolean last);
}
