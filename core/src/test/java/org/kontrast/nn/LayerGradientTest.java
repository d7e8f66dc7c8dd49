package org.kontrast.nn;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Every layer's gradients, for its input and its parameters, against finite differences. */
class LayerGradientTest {
    private static final double TOL = 2e-2;

    /** Conv2d.apply with a 3x3 kernel on the map: the layer's input channels are the map's. */
    private static void checkConv(Shape map, int out, int stride, Padding padding, boolean bias, Initializer init) {
        GradientCheck.check(map, s -> new Conv2d(s, "c", (int) map.size(3), out, 3, stride, padding, bias, init)::apply, TOL);
    }

    /** Conv2d.applyRelu with a bias and a 3x3 kernel on two square maps: which path it takes follows from the shapes. */
    private static void checkConvRelu(int size, int channels, int out, int stride, Padding padding) {
        GradientCheck.check(Shape.of(2, size, size, channels),
                s -> new Conv2d(s, "c", channels, out, 3, stride, padding, true, Initializer.GLOROT_UNIFORM)::applyRelu, TOL, 1e-3f);
    }

    @Test
    void dense() {
        GradientCheck.check(Shape.of(3, 5), s -> new Dense(s, "d", 5, 4, true)::apply, TOL);
    }

    @Test
    void conv2dSameStride2() {
        checkConv(Shape.of(2, 10, 10, 2), 3, 2, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
    }

    @Test
    void conv2dValid() {
        checkConv(Shape.of(2, 8, 8, 1), 2, 1, Padding.VALID, false, Initializer.HE_NORMAL_FAN_OUT);
    }

    /** A small output map: gathered patches times the kernel; 6 SAME at stride 2 pads one row and column after. */
    @Test
    void gatheredPatchesSameStride2() {
        checkConv(Shape.of(2, 6, 6, 2), 3, 2, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
    }

    @Test
    void gatheredPatchesValidWithoutBias() {
        checkConv(Shape.of(2, 5, 5, 1), 2, 1, Padding.VALID, false, Initializer.HE_NORMAL_FAN_OUT);
    }

    /** Convolution, bias and ReLU as one fused op, its gradient registered by Kontrast. */
    @Test
    void conv2dReluSameStride2() {
        checkConvRelu(10, 5, 3, 2, Padding.SAME);
    }

    /** Few input channels: one-hot patches times the kernel, with bias and ReLU fused into the product. */
    @Test
    void patchMatMulReluSameStride2() {
        checkConvRelu(10, 3, 4, 2, Padding.SAME);
    }

    @Test
    void patchMatMulReluValidOneChannel() {
        checkConvRelu(8, 1, 3, 1, Padding.VALID);
    }

    /** Gathered patches with bias and ReLU fused into the product: 4x4 SAME at stride 1, as ResNet-18's last stage. */
    @Test
    void gatheredPatchesReluSameStride1() {
        checkConvRelu(4, 5, 3, 1, Padding.SAME);
    }

    /** 128 channels at stride 1: Winograd's F(4x4, 3x3), on a map that crops its second row and column of tiles. */
    @Test
    void winogradSameStride1() {
        checkConv(Shape.of(2, 6, 5, 128), 128, 1, Padding.SAME, true, Initializer.GLOROT_UNIFORM);
    }

    /** A VALID kernel as large as its input: the flattened input times the kernel, nothing gathered. */
    @Test
    void wholeInputMatMulReluStride2() {
        checkConvRelu(3, 5, 3, 2, Padding.VALID);
    }

    @Test
    void conv2dReluValid() {
        checkConvRelu(8, 5, 3, 1, Padding.VALID);
    }

    @Test
    void groupNorm() {
        GradientCheck.check(Shape.of(2, 3, 3, 4), s -> new GroupNorm(s, "g", 4, 2)::apply, TOL);
    }

    @Test
    void layerNorm() {
        GradientCheck.check(Shape.of(3, 6), s -> new LayerNorm(s, "l", 6)::apply, TOL);
    }

    @Test
    void batchNorm() {
        GradientCheck.check(Shape.of(5, 4), s -> new BatchNorm(s, "bn", 4)::apply, TOL);
    }

    @Test
    void projectionHeadWithBatchNorm() {
        GradientCheck.check(Shape.of(6, 5), s -> new ProjectionHead(s, "p", 5, 6, 3, true)::apply, TOL);
    }

    @Test
    void projectionHead() {
        GradientCheck.check(Shape.of(4, 5), s -> new ProjectionHead(s, "p", 5, 6, 3)::apply, TOL);
    }

    @Test
    void basicBlockWithProjection() {
        GradientCheck.check(Shape.of(2, 4, 4, 2), s -> new BasicBlock(s, "b", 2, 4, 2, 1)::apply, TOL);
    }

    @Test
    void convNetEncoderOutput() {
        GradientCheck.check(Shape.of(2, 8, 8, 1),
                s -> x -> new ConvNet(s, 8, 8, 1, 4, 2, Padding.SAME).encode(x).output(), TOL, 1e-3f);
    }
}
