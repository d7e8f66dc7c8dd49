package org.kontrast.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.kontrast.augment.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Views that are different signals of one sample rather than augmentations of it: the
 * image's channels cut into consecutive groups, one per view (a multi-view folder's
 * views, stacked), or an RGB image's L and ab channels after {@link LabColor}.
 * Tian et al., "Contrastive Multiview Coding", ECCV 2020, sec. 3.
 */
public final class ChannelViews {
    private final List<String> names;
    private final int[] channels;
    private final boolean lab;

    private ChannelViews(List<String> names, int[] channels, boolean lab) {
        if (names.size() != channels.length || names.size() < 2) {
            throw new IllegalArgumentException("views: at least two, each with a name and a channel count; got names " + names
                    + " and channels " + Arrays.toString(channels));
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("views: names must not repeat, got " + names);
        }
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] < 1) {
                throw new IllegalArgumentException("views: view '" + names.get(i) + "' must have >= 1 channel, got " + channels[i]);
            }
        }
        this.names = List.copyOf(names);
        this.channels = channels.clone();
        this.lab = lab;
    }

    /** An RGB image's lightness (1 channel) and colour (2 channels), CMC's L and ab views. */
    public static ChannelViews lab() {
        return new ChannelViews(List.of("L", "ab"), new int[] {1, 2}, true);
    }

    /** Consecutive channel groups: view i is the next {@code channels[i]} channels. */
    public static ChannelViews of(List<String> names, int[] channels) {
        return new ChannelViews(names, channels, false);
    }

    /** One view per channel, named c0, c1, ... */
    public static ChannelViews perChannel(int count) {
        List<String> names = new ArrayList<>();
        int[] ones = new int[count];
        for (int i = 0; i < count; i++) {
            names.add("c" + i);
            ones[i] = 1;
        }
        return of(names, ones);
    }

    public List<String> names() {
        return names;
    }

    /** Each view's channel count, in order. */
    public int[] channelCounts() {
        return channels.clone();
    }

    public int count() {
        return names.size();
    }

    public boolean isLab() {
        return lab;
    }

    /** Refuses images whose channels are not the views' channels together. */
    public void check(ImageShape input) {
        int total = Arrays.stream(channels).sum();
        if (input.channels() != total) {
            throw new IllegalArgumentException(lab
                    ? "the L and ab views are cut from RGB images, but these have " + input.channels() + " channel(s)"
                    : "the views " + names + " have " + total + " channels together, but the images have " + input.channels());
        }
    }

    /** View {@code v}'s image shape. */
    public ImageShape shape(ImageShape input, int v) {
        check(input);
        return new ImageShape(input.height(), input.width(), channels[v]);
    }

    /** The views of a [N, h, w, c] batch, in order. */
    public List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> images) {
        Operand<TFloat32> source = lab ? LabColor.normalized(tf, images) : images;
        List<Operand<TFloat32>> out = new ArrayList<>();
        int at = 0;
        for (int c : channels) {
            out.add(tf.slice(source, tf.constant(new int[] {0, 0, 0, at}), tf.constant(new int[] {-1, -1, -1, c})));
            at += c;
        }
        return out;
    }
}
