package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.NonParametricSoftmax;
import org.kontrast.memory.MemoryBank;
import org.kontrast.nn.Dense;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.Layer;
import org.kontrast.nn.ProjectionHead;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Instance discrimination: one augmented view per image, embedded by the encoder and a
 * linear layer into a unit vector, must pick out its own memory-bank row among all rows
 * (full softmax) or among m rows drawn at random (NCE); the bank rows of the batch then
 * move towards the new embeddings. Wu et al., "Unsupervised Feature Learning via
 * Non-Parametric Instance Discrimination", CVPR 2018.
 */
public final class InstDisc implements Method {
    public static final String NAME = "instdisc";
    /** Wu et al.'s embedding size, sec. 4. */
    public static final int EMBEDDING_DEFAULT = 128;
    static final String BANK = "instdisc_bank";

    private final AugmentationPipeline augment;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int embedding;
    private final NonParametricSoftmax loss;
    private final int negatives;
    private final double bankMomentum;
    private final int bankSize;

    /**
     * @param headHidden   0 for Wu et al.'s linear embedding; else an MLP head with this hidden width, as SimCLR
     *                     found a nonlinear head keeps more information in the representation below it
     * @param negatives    m for NCE; 0 for the full softmax over the bank
     * @param bankSize     the training set's size: one bank row per image
     */
    public InstDisc(AugmentationPipeline augment, EncoderFactory encoder, int headHidden, int embedding, NonParametricSoftmax loss, int negatives,
                    double bankMomentum, int bankSize) {
        if (embedding < 1 || bankSize < 1 || negatives < 0 || headHidden < 0) {
            throw new IllegalArgumentException("InstDisc needs embedding >= 1, bankSize >= 1, negatives >= 0 and headHidden >= 0, got "
                    + "embedding=" + embedding + " bankSize=" + bankSize + " negatives=" + negatives + " headHidden=" + headHidden);
        }
        this.headHidden = headHidden;
        this.augment = augment;
        this.encoder = encoder;
        this.embedding = embedding;
        this.loss = loss;
        this.negatives = negatives;
        this.bankMomentum = org.kontrast.memory.MomentumEncoder.checkMomentum("bank momentum", bankMomentum);
        this.bankSize = bankSize;
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
        Layer embed = headHidden == 0
                ? new Dense(c.store(), "instdisc_embedding", enc.outputDim(), embedding, true)
                : new ProjectionHead(c.store(), "instdisc_embedding", enc.outputDim(), headHidden, embedding);
        Operand<TFloat32> f = embed.apply(enc.encode(view).output());
        MemoryBank bank = new MemoryBank(c.store(), BANK, bankSize, embedding, bankMomentum);
        Operand<TInt32> idx = c.indices();
        if (negatives == 0) {
            return new MethodGraph(loss.full(tf, f, bank.read(tf), idx), enc, viewShape,
                    List.of(after -> bank.update(after, idx, f)));
        }
        Operand<TFloat32> drawn = bank.rows(tf, c.random().uniformInts(tf.constant(new int[] {negatives}), bankSize));
        // Wu et al. estimate Z at the first step and hold it. Here the bank starts as random vectors, whose first estimate is far
        // too small once the bank holds real, correlated features (on stripes the NCE loss then climbed from 28 to 115), so Z
        // is re-estimated every step from the same draws, without gradient.
        Operand<TFloat32> l = loss.nce(tf, f, bank.rows(tf, idx), drawn, bankSize);
        return new MethodGraph(l, enc, viewShape, List.of(after -> bank.update(after, idx, f)));
    }
}
