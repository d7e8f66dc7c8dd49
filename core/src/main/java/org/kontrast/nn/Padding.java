package org.kontrast.nn;

/** TensorFlow's convolution padding modes. */
public enum Padding {
    /** Output side = ceil(input / stride). */
    SAME,
    /** No padding: output side = floor((input - kernel) / stride) + 1. */
    VALID
}
