package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.DeepInfoMaxLoss;
import org.kontrast.nn.Conv2d;
import org.kontrast.nn.Dense;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.Encoding;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Padding;
import org.kontrast.nn.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Local Deep InfoMax: the encoder's global vector of an image must score high against
 * every location of its own feature map and low against other images' maps. Scores use
 * the paper's encode-and-dot critic: the global vector through a residual MLP, each
 * location through the matching residual 1x1 convolutions, then a dot product.
 * Hjelm et al., "Learning Deep Representations by Mutual Information Estimation and
 * Maximization", ICLR 2019, sec. 3.2 and appendix A.2.
 */
public final class Dim implements Method {
    public static final String NAME = "dim";
    /** The critic's width. The paper uses 2048; 512 keeps the N x N x L score tensor cheap on a CPU. */
    public static final int CRITIC_WIDTH_DEFAULT = 512;

    private final AugmentationPipeline augment;
    private final EncoderFactory encoder;
    private final DeepInfoMaxLoss loss;
    private final int criticWidth;

    public Dim(AugmentationPipeline augment, EncoderFactory encoder, DeepInfoMaxLoss loss, int criticWidth) {
        if (criticWidth < 1) {
            throw new IllegalArgumentException("criticWidth must be >= 1, got " + criticWidth);
        }
        this.augment = augment;
        this.encoder = encoder;
        this.loss = loss;
        this.criticWidth = criticWidth;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape viewShape = augment.outputShape(c.shape());
        Operand<TFloat32> view = augment.apply(tf, c.images(), c.shape(), c.random());
        Encoder enc = encoder.create(c.store(), viewShape);
        Encoding e = enc.encode(view);
        if (e.featureMap() == null) {
            throw new IllegalArgumentException("DIM reads a feature map below the encoder's top, and this encoder has none "
                    + "(use convNet or resNet18)");
        }
        int mapChannels = (int) e.featureMap().shape().get(3);
        Operand<TFloat32> global = globalCritic(c.store(), enc.outputDim()).apply(tf, e.output());
        Operand<TFloat32> local = localCritic(c.store(), mapChannels).apply(tf, e.featureMap());
        Operand<org.tensorflow.types.TInt32> images = tf.gather(tf.shape(local), tf.constant(0), tf.constant(0));
        Operand<TFloat32> locations = tf.reshape(local, tf.stack(List.of(images, tf.constant(-1), tf.constant(criticWidth))));
        return new MethodGraph(loss.build(tf, global, locations), enc, viewShape, List.of());
    }

    /** x -> relu(x W1) W2 + x Ws: the paper's residual critic, as dense layers (global) or 1x1 convolutions (local). */
    private record Residual(java.util.function.UnaryOperator<Operand<TFloat32>> first, java.util.function.UnaryOperator<Operand<TFloat32>> second,
                            java.util.function.UnaryOperator<Operand<TFloat32>> shortcut) {
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
            return tf.math.add(second.apply(tf.nn.relu(first.apply(x))), shortcut.apply(x));
        }
    }

    private Residual globalCritic(ParameterStore store, int in) {
        Dense a = new Dense(store, "dim_global1", in, criticWidth, true);
        Dense b = new Dense(store, "dim_global2", criticWidth, criticWidth, true);
        Dense s = new Dense(store, "dim_global_shortcut", in, criticWidth, true);
        return new Residual(a::apply, b::apply, s::apply);
    }

    private Residual localCritic(ParameterStore store, int in) {
        Conv2d a = conv(store, "dim_local1", in);
        Conv2d b = conv(store, "dim_local2", criticWidth);
        Conv2d s = conv(store, "dim_local_shortcut", in);
        return new Residual(a::apply, b::apply, s::apply);
    }

    private Conv2d conv(ParameterStore store, String name, int in) {
        return new Conv2d(store, name, in, criticWidth, 1, 1, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
    }
}
