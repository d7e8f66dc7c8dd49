package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The projection MLP g(.) of SimCLR: Dense -> ReLU -> Dense, the loss is taken on its output.
 * Chen et al., ICML 2020, sec. 2.1 and 4.2. With batch normalisation after the
 * hidden Dense it is the projector and predictor of BYOL (Grill et al., NeurIPS 2020,
 * sec. 3.3) and SimSiam (Chen and He, CVPR 2021, sec. 4), which collapse without it.
 */
public final class ProjectionHead implements Layer {
    /** SimCLR's CIFAR head uses 2048/128 at ResNet-50 scale; the Keras seed and the peer use 128/128. */
    public static final int HIDDEN_DEFAULT = 128;
    public static final int OUT_DEFAULT = 128;

    private final Ops tf;
    private final Dense hidden;
    private final BatchNorm norm;
    private final Dense out;

    public ProjectionHead(ParameterStore store, String name, int in, int hiddenDim, int outDim) {
        this(store, name, in, hiddenDim, outDim, false);
    }

    public ProjectionHead(ParameterStore store, String name, int in, int hiddenDim, int outDim, boolean batchNorm) {
        this.tf = store.tf();
        this.hidden = new Dense(store, name + "_hidden", in, hiddenDim, !batchNorm);
        this.norm = batchNorm ? new BatchNorm(store, name + "_hidden_bn", hiddenDim) : null;
        this.out = new Dense(store, name + "_out", hiddenDim, outDim, true);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> h = hidden.apply(x);
        return out.apply(tf.nn.relu(norm == null ? h : norm.apply(h)));
    }
}
