package org.kontrast.train;

import java.nio.file.Path;

/**
 * A complete checkpoint: the variables under {@code prefix}, the training position
 * they were taken at, the run they belong to ({@code runId}, the recipe's sha256)
 * and the seed of the run's random streams.
 */
public record CheckpointState(Path directory, Path prefix, TrainingPosition position, String runId, long seed) {
    public long step() {
        return position.step();
    }
}
