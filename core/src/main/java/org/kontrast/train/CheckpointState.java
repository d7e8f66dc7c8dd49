package org.kontrast.train;

import java.nio.file.Path;

/**
 * A complete checkpoint: the variables under {@code prefix}, taken after
 * {@code step} steps, at the end of epoch {@code epoch} (0-based; -1 if mid-epoch).
 */
public record CheckpointState(Path directory, Path prefix, long step, int epoch) {
}
