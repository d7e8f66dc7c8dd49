package org.kontrast.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.augment.ImageShape;
import org.kontrast.loss.InfoNce;
import org.kontrast.memory.KeyQueue;
import org.kontrast.memory.MomentumEncoder;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.ProjectionHead;
import org.kontrast.view.ChannelViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Contrastive Multiview Coding: each view of a sample (L and ab, or aligned signals of
 * different channel counts) is encoded by its own encoder and head; a view's query must
 * pick out the other view's key, from a momentum copy of that view's encoder, among the
 * keys of past batches in that view's queue. Pairs are every two views (the full graph)
 * or the first view with each other (the core view). An intra-batch term, the same
 * contrast against the other view's online embeddings of this batch, can be added.
 * Tian et al., "Contrastive Multiview Coding", ECCV 2020, sec. 3.2-3.3 and its MoCo variant.
 */
public final class Cmc implements Method {
    public static final String NAME = "cmc";
    /** Tian et al., sec. 4. */
    public static final double TEMPERATURE_DEFAULT = 0.07;
    /** The key encoders' EMA; the paper's MoCo variant uses 0.999 at ImageNet scale. */
    public static final double MOMENTUM_DEFAULT = 0.99;
    /** The queue of negatives per view, as a multiple of the batch. */
    public static final int QUEUE_MULTIPLE_DEFAULT = 10;
    /** The shared trunk's input channels, when views share one. */
    public static final int STEM_WIDTH_DEFAULT = 16;
    static final String KEY = "key_";
    static final String HEAD = "cmc_projection";

    /** Which views are contrasted with which. */
    public enum Pairs {
        /** Every two views (Tian et al., fig. 2, right). */
        FULL,
        /** The first view with each other one (fig. 2, left). */
        CORE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Pairs of(String key) {
            for (Pairs p : values()) {
                if (p.key().equals(key)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("expected \"full\" or \"core\", got \"" + key + "\"");
        }

        /** The view pairs (i, j), i < j, for {@code views} views. */
        List<int[]> of(int views) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < (this == CORE ? 1 : views); i++) {
                for (int j = i + 1; j < views; j++) {
                    out.add(new int[] {i, j});
                }
            }
            return out;
        }
    }

    /**
     * @param queueMultiple each view's queue holds this many batches of keys
     * @param intraBatch    add the contrast against this batch's other-view embeddings to the queue's
     * @param stemWidth     0 for an encoder per view; else one shared trunk fed through a per-view stem this wide
     */
    public record Settings(Pairs pairs, double momentum, int queueMultiple, boolean intraBatch, int stemWidth) {
        public Settings {
            MomentumEncoder.checkMomentum("momentum", momentum);
            if (queueMultiple < 1 || stemWidth < 0) {
                throw new IllegalArgumentException("CMC needs queueMultiple >= 1 and stemWidth >= 0, got queueMultiple="
                        + queueMultiple + " stemWidth=" + stemWidth);
            }
        }

        public static Settings defaults() {
            return new Settings(Pairs.FULL, MOMENTUM_DEFAULT, QUEUE_MULTIPLE_DEFAULT, true, 0);
        }
    }

    private final AugmentationPipeline augment;
    private final ChannelViews views;
    private final EncoderFactory encoder;
    private final int headHidden;
    private final int headOut;
    private final InfoNce loss;
    private final Settings settings;

    /** @param augment applied once to all channels, so the views of a sample stay aligned (one crop for L and ab) */
    public Cmc(AugmentationPipeline augment, ChannelViews views, EncoderFactory encoder, int headHidden, int headOut, InfoNce loss,
               Settings settings) {
        if (headHidden < 1 || headOut < 1) {
            throw new IllegalArgumentException("head sizes must be >= 1, got hidden=" + headHidden + " out=" + headOut);
        }
        this.augment = augment;
        this.views = views;
        this.encoder = encoder;
        this.headHidden = headHidden;
        this.headOut = headOut;
        this.loss = loss;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Refuses images the views cannot be cut from, before any graph is built. */
    public void check(ImageShape input) {
        views.check(augment.outputShape(input));
    }

    @Override
    public MethodGraph build(MethodContext c) {
        Ops tf = c.tf();
        ImageShape shape = augment.outputShape(c.shape());
        views.check(shape);
        long batch = c.images().shape().get(0);
        if (batch < 1) {
            throw new IllegalStateException("CMC sizes its queues from the batch, which must have a static size");
        }
        List<Operand<TFloat32>> x = views.split(tf, augment.apply(tf, c.images(), c.shape(), c.random()));
        MultiViewEncoder online = new MultiViewEncoder(c.store(), views, shape, encoder, settings.stemWidth());
        MomentumEncoder target = new MomentumEncoder(c.store(), KEY);
        MultiViewEncoder keyEncoder = new MultiViewEncoder(target.store(), views, shape, encoder, settings.stemWidth());
        List<Operand<TFloat32>> queries = new ArrayList<>();
        List<Operand<TFloat32>> keys = new ArrayList<>();
        List<KeyQueue> queues = new ArrayList<>();
        List<Operand<TFloat32>> pastKeys = new ArrayList<>();
        for (int v = 0; v < views.count(); v++) {
            queries.add(head(c.store(), online, v).apply(online.encodeView(v, x.get(v)).output()));
            ProjectionHead keyHead = head(target.store(), keyEncoder, v);
            keys.add(tf.stopGradient(keyHead.apply(keyEncoder.encodeView(v, x.get(v)).output())));
            queues.add(new KeyQueue(c.store(), "cmc_queue" + v, (int) (settings.queueMultiple() * batch), headOut));
            // Read once: with the full graph of three or more views, a view's queue serves several pairs.
            pastKeys.add(queues.get(v).read(tf));
        }
        List<Operand<TFloat32>> inter = new ArrayList<>();
        List<Operand<TFloat32>> intra = new ArrayList<>();
        for (int[] p : settings.pairs().of(views.count())) {
            int i = p[0];
            int j = p[1];
            inter.add(loss.build(tf, queries.get(i), keys.get(j), pastKeys.get(j)));
            inter.add(loss.build(tf, queries.get(j), keys.get(i), pastKeys.get(i)));
            if (settings.intraBatch()) {
                intra.add(loss.build(tf, queries.get(i), queries.get(j), null));
                intra.add(loss.build(tf, queries.get(j), queries.get(i), null));
            }
        }
        Operand<TFloat32> l = mean(tf, inter);
        if (!intra.isEmpty()) {
            l = tf.math.add(l, mean(tf, intra));
        }
        Operand<TFloat32> m = MomentumEncoder.constant(tf, settings.momentum());
        List<StateUpdate> after = new ArrayList<>();
        after.add(a -> target.update(a, m));
        for (int v = 0; v < views.count(); v++) {
            int view = v;
            after.add(a -> queues.get(view).enqueue(a, keys.get(view)));
        }
        return new MethodGraph(l, online, shape, after);
    }

    private ProjectionHead head(ParameterStore store, MultiViewEncoder enc, int v) {
        return new ProjectionHead(MultiViewEncoder.scope(store, v), HEAD, enc.outputDim(v), headHidden, headOut);
    }

    private static Operand<TFloat32> mean(Ops tf, List<Operand<TFloat32>> terms) {
        return tf.math.div(tf.math.addN(terms), tf.constant((float) terms.size()));
    }
}
