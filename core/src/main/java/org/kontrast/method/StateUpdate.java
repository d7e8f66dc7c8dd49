package org.kontrast.method;

import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * A method's state change (EMA of a target network, enqueueing keys, a moving
 * centre), built by the experiment with ops that already wait for the optimiser
 * step, so it reads the updated weights and never races the update.
 */
@FunctionalInterface
public interface StateUpdate {
    /** @param afterStep ops carrying a control dependency on the optimiser's update */
    Op build(Ops afterStep);
}
