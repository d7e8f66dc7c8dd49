package org.kontrast.method;

import org.kontrast.augment.ImageShape;
import org.kontrast.nn.ConvNet;
import org.kontrast.nn.Encoder;
import org.kontrast.nn.NormalizedConv2d;
import org.kontrast.nn.Padding;
import org.kontrast.nn.ParameterStore;
import org.kontrast.nn.PatchEncoder;
import org.kontrast.nn.ResNet18;

/** Builds an encoder for an input shape inside a graph. */
@FunctionalInterface
public interface EncoderFactory {
    Encoder create(ParameterStore store, ImageShape input);

    static EncoderFactory convNet(int width, int depth, Padding padding) {
        return (store, in) -> new ConvNet(store, in.height(), in.width(), in.channels(), width, depth, padding);
    }

    static EncoderFactory patchEncoder(int width, int hidden, PatchEncoder.Norm norm) {
        return (store, in) -> new PatchEncoder(store, in.height(), in.width(), in.channels(), width, hidden, norm);
    }

    /** The same encoder with every convolution normalised ({@link NormalizedConv2d}). */
    static EncoderFactory normalized(EncoderFactory encoder) {
        return (store, in) -> NormalizedConv2d.within(store, () -> encoder.create(store, in));
    }

    static EncoderFactory resNet18(int groups) {
        return (store, in) -> new ResNet18(store, in.channels(), groups);
    }
}
