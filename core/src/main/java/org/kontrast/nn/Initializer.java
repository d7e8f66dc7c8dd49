package org.kontrast.nn;

/**
 * How a parameter's first value is drawn. Draws are stateless and keyed by the
 * store's seed and the parameter's index, so the same recipe builds the same
 * weights on every run.
 */
public enum Initializer {
    /** All zeros: biases, the shift of a normalisation. */
    ZEROS,
    /** All ones: the scale of a normalisation. */
    ONES,
    /** U(-a, a), a = sqrt(6 / (fanIn + fanOut)). Glorot and Bengio, AISTATS 2010; the Keras default. */
    GLOROT_UNIFORM,
    /** N(0, 1): random keys of a queue before the first real ones arrive. */
    STANDARD_NORMAL,
    /** N(0, 2 / fanOut). He et al., ICCV 2015; the torchvision ResNet default (fan_out, ReLU). */
    HE_NORMAL_FAN_OUT
}
