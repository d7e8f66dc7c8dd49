package org.kontrast.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A loss over the embeddings of two views of the same N images, each [N, d]. */
public interface ContrastiveLoss {
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2);
}
