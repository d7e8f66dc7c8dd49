package org.kontrast.method;

import java.util.ArrayList;
import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.nn.Conv2d;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.Encoding;
import org.kontrast.nn.Initializer;
import org.kontrast.nn.Padding;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.RepresentationPart;
import org.kontrast.view.ChannelViews;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One encoder per view (CMC's default), or one shared trunk behind a 1x1 convolution per
 * view that brings each view's channels to a common width. Applied to a whole image it cuts
 * the views and puts their representations side by side, one {@link RepresentationPart} each.
 */
final class MultiViewEncoder implements Encoder {
    private final Ops tf;
    private final ChannelViews views;
    private final List<Encoder> encoders = new ArrayList<>();
    private final List<Conv2d> stems = new ArrayList<>();
    private final List<RepresentationPart> parts = new ArrayList<>();
    private final int representationDim;
    private final int outputDim;

    /** @param stemWidth the shared trunk's input channels; 0 for an encoder per view */
    MultiViewEncoder(ParameterStore store, ChannelViews views, ImageShape input, EncoderFactory encoder, int stemWidth) {
        this.tf = store.tf();
        this.views = views;
        Encoder trunk = stemWidth > 0 ? encoder.create(store.scoped("cmc_trunk_"), input.withChannels(stemWidth)) : null;
        int rep = 0;
        int out = 0;
        for (int v = 0; v < views.count(); v++) {
            ImageShape shape = views.shape(input, v);
            if (trunk != null) {
                stems.add(new Conv2d(scope(store, v), "cmc_stem", shape.channels(), stemWidth, 1, 1, Padding.SAME, true,
                        Initializer.GLOROT_UNIFORM));
                encoders.add(trunk);
            } else {
                encoders.add(encoder.create(scope(store, v), shape));
            }
            Encoder e = encoders.get(v);
            parts.add(new RepresentationPart(views.names().get(v), rep, rep + e.representationDim()));
            rep += e.representationDim();
            out += e.outputDim();
        }
        this.representationDim = rep;
        this.outputDim = out;
    }

    /** Where view {@code v}'s own layers (its encoder or stem, its head) live. */
    static ParameterStore scope(ParameterStore store, int v) {
        return store.scoped("cmc_view" + v + "_");
    }

    /** View {@code v}'s encoding. */
    Encoding encodeView(int v, Operand<TFloat32> view) {
        return encoders.get(v).encode(stems.isEmpty() ? view : stems.get(v).apply(view));
    }

    /** The width of view {@code v}'s output (what its head reads). */
    int outputDim(int v) {
        return encoders.get(v).outputDim();
    }

    @Override
    public Encoding encode(Operand<TFloat32> images) {
        List<Operand<TFloat32>> x = views.split(tf, images);
        List<Operand<TFloat32>> reps = new ArrayList<>();
        List<Operand<TFloat32>> outs = new ArrayList<>();
        for (int v = 0; v < x.size(); v++) {
            Encoding e = encodeView(v, x.get(v));
            reps.add(e.representation());
            outs.add(e.output());
        }
        return new Encoding(tf.concat(reps, tf.constant(1)), tf.concat(outs, tf.constant(1)));
    }

    @Override
    public int representationDim() {
        return representationDim;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    /** Every view's positions in turn, when all views' tokens are equally wide; else none. */
    @Override
    public int representationTokens() {
        int tokens = 0;
        int tokenDim = -1;
        for (int v = 0; v < encoders.size(); v++) {
            Encoder e = encoders.get(v);
            int t = e.representationTokens();
            if (t == 0 || (tokenDim != -1 && tokenDim != e.representationDim() / t)) {
                return 0;
            }
            tokenDim = e.representationDim() / t;
            tokens += t;
        }
        return tokens;
    }

    @Override
    public List<RepresentationPart> representationParts() {
        return List.copyOf(parts);
    }
}
