package org.kontrast.augment;

/** The static shape of one image of a batch (NHWC without N). */
public record ImageShape(int height, int width, int channels) {
    public ImageShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x" + channels);
        }
    }

    public boolean isGrayscale() {
        return channels == 1;
    }

    public ImageShape withChannels(int c) {
        return new ImageShape(height, width, c);
    }

    public ImageShape withSize(int h, int w) {
        return new ImageShape(h, w, channels);
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
