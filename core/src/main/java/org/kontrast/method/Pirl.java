package org.kontrast.method;

import java.util.List;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.NonParametricSoftmax;
import org.kontrast.memory.MemoryBank;
import org.kontrast.memory.MomentumEncoder;
import org.kontrast.nn.Dense;
import org.kontrast.nn.Encoder;
import org.kontrast.view.Jigsaw;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Pretext-Invariant Representation Learning: an image's embedding f(v_I) and the embedding
 * g(v_I^t) of its shuffled jigsaw (nine patches at their own size through the same encoder's convolutions, pooled, each embedded,
 * concatenated in the shuffled order and embedded again) must both pick out the image's
 * memory-bank row m_I against other rows; the loss mixes the two,
 * lambda L_NCE(m_I, g(v_I^t)) + (1 - lambda) L_NCE(m_I, f(v_I)), and m_I moves towards f(v_I).
 * Misra and van der Maaten, "Self-Supervised Learning of Pretext-Invariant Representations",
 * CVPR 2020, eq. 5 and sec. 3.2-3.3.
 */
public final class Pirl implements Method {
    public static final String NAME = "pirl";
    /** The weight of the jigsaw term, eq. 5. */
    public static final double LAMBDA_DEFAULT = 0.5;
    /** PIRL's negatives drawn from the bank, sec. 4. */
    public static final int NEGATIVES_DEFAULT = 32_000;
    static final String BANK = "pirl_bank";

    private final AugmentationPipeline augment;
    private final Jigsaw jigsaw;
    private final EncoderFactory encoder;
    private final int embedding;
    private final NonParametricSoftmax loss;
    private final int negatives;
    private final double lambda;
    private final double bankMomentum;
    private final int bankSize;

    /**
     * @param augment   each branch's own draw: the image view, and the image the jigsaw is cut from
     * @param negatives m bank rows drawn per step for NCE; 0 for the full softmax over the bank
     * @param bankSize  the training set's size: one bank row per image
     */
    public Pirl(AugmentationPipeline augment, Jigsaw jigsaw, EncoderFactory encoder, int embedding, NonParametricSoftmax loss, int negatives,
                double lambda, double bankMomentum, int bankSize) {
        if (embedding < 1 || bankSize < 1 || negatives < 0) {
            throw new IllegalArgumentException("PIRL needs embedding >= 1, bankSize >= 1 and negatives >= 0, got embedding=" + embedding
                    + " bankSize=" + bankSize + " negatives=" + negatives);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        this.augment = augment;
        this.jigsaw = jigsaw;
        this.encoder = encoder;
        this.embedding = embedding;
        this.loss = loss;
        this.negatives = negatives;
        this.lambda = lambda;
        this.bankMomentum = MomentumEncoder.checkMomentum("bank momentum", bankMomentum);
        this.bankSize = bankSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Refuses images too small to cut a jigsaw from, before any graph is built. */
    public void check(ImageShape input) {
        patchSide(augment.outputShape(input));
    }

    /** A jigsaw patch's side for views of this shape; refuses views too small to cut one from. */
    private int patchSide(ImageShape view) {
        return jigsaw.patchSize(Math.min(view.height(), view.width()));
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape viewShape = augment.outputShape(c.shape());
        int side = patchSide(viewShape);
        Operand<TFloat32> image = augment.apply(tf, c.images(), c.shape(), c.random());
        Operand<TFloat32> source = augment.apply(tf, c.images(), c.shape(), c.random());
        Operand<TFloat32> patches = jigsaw.apply(tf, source, viewShape, side, side, c.random());
        Encoder enc = encoder.create(c.store(), viewShape);
        if (enc.pooledDim() == 0) {
            throw new IllegalArgumentException("PIRL reads its jigsaw patches at their own size, which "
                    + enc.getClass().getSimpleName() + " cannot: use convNet, patchEncoder or resNet18");
        }
        Operand<TFloat32> f = new Dense(c.store(), "pirl_image", enc.outputDim(), embedding, true).apply(enc.encode(image).output());
        // Patches keep their own size, as in the paper, so they pass the encoder's convolutions pooled, at a ninth of an image's
        // cost each; resized to the view's size they would cost nine image passes per image and read as blurred enlargements.
        Operand<TFloat32> perPatch = new Dense(c.store(), "pirl_patch", enc.pooledDim(), embedding, true).apply(enc.pooled(patches));
        Operand<TFloat32> joined = tf.reshape(perPatch, tf.constant(new int[] {-1, Jigsaw.PATCHES * embedding}));
        Operand<TFloat32> g = new Dense(c.store(), "pirl_jigsaw", Jigsaw.PATCHES * embedding, embedding, true).apply(joined);
        MemoryBank bank = new MemoryBank(c.store(), BANK, bankSize, embedding, bankMomentum);
        Operand<TInt32> idx = c.indices();
        Operand<TFloat32> jigsawTerm;
        Operand<TFloat32> imageTerm;
        if (negatives == 0) {
            Operand<TFloat32> rows = bank.read(tf);
            jigsawTerm = loss.full(tf, g, rows, idx);
            imageTerm = loss.full(tf, f, rows, idx);
        } else {
            Operand<TFloat32> drawn = bank.rows(tf, c.random().uniformInts(tf.constant(new int[] {negatives}), bankSize));
            Operand<TFloat32> own = bank.rows(tf, idx);
            jigsawTerm = loss.nce(tf, g, own, drawn, bankSize);
            imageTerm = loss.nce(tf, f, own, drawn, bankSize);
        }
        Operand<TFloat32> l = tf.math.add(tf.math.mul(tf.constant((float) lambda), jigsawTerm),
                tf.math.mul(tf.constant((float) (1 - lambda)), imageTerm));
        return new MethodGraph(l, enc, viewShape, List.of(after -> bank.update(after, idx, f)));
    }
}
