package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A convolution's patches as the rows of a matrix (im2col), for an NHWC map whose height and width are known at
 * graph build: one row per output position, batch first, each row in the HWIO kernel's order (rows,
 * columns, channels), so that rows times the kernel reshaped to [kh * kw * in, out] is the convolution.
 */
final class Patches {
    private Patches() {
    }

    /**
     * The input x, padded as TensorFlow pads, gathered pixel by pixel across the whole batch (along axis 0 its
     * gradient is one segment sum, with no transposes). {@code map} is x's static shape, passed in because a
     * gradient function may not ask the graph for it.
     */
    static Operand<TFloat32> rows(Ops tf, Operand<TFloat32> x, Shape map, Shape hwio, int stride, Padding padding) {
        int kh = (int) hwio.size(0);
        int kw = (int) hwio.size(1);
        long channels = hwio.size(2);
        int h = (int) map.size(1);
        int w = (int) map.size(2);
        int outH = Conv2d.outputSize(h, kh, stride, padding);
        int outW = Conv2d.outputSize(w, kw, stride, padding);
        int padH = Math.max((outH - 1) * stride + kh - h, 0);
        int padW = Math.max((outW - 1) * stride + kw - w, 0);
        Operand<TFloat32> padded = padH + padW == 0 ? x : tf.pad(x, tf.constant(new int[][] {
                {0, 0}, {padH / 2, padH - padH / 2}, {padW / 2, padW - padW / 2}, {0, 0}}), tf.constant(0f));
        Operand<TFloat32> patches = padded;
        // A kernel the padded input's size has one output position whose patch is the whole input.
        if (kh != h + padH || kw != w + padW) {
            int area = (h + padH) * (w + padW);
            int[] index = index(outH, outW, kh, kw, stride, w + padW);
            Operand<TInt32> at = tf.math.add(Conv2d.scaledRange(tf, Conv2d.batchSize(tf, padded), area, 0, 2),
                    tf.expandDims(tf.constant(index), tf.constant(0)));
            patches = tf.gather(tf.reshape(padded, tf.constant(new long[] {-1, channels})), at, tf.constant(0));
        }
        return tf.reshape(patches, tf.constant(new long[] {-1, kh * kw * channels}));
    }

    /** Each output position's patch as pixel offsets into one padded image, rows then columns. */
    private static int[] index(int outH, int outW, int kh, int kw, int stride, int width) {
        int[] index = new int[outH * outW * kh * kw];
        int i = 0;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        index[i++] = (oy * stride + dy) * width + ox * stride + dx;
                    }
                }
            }
        }
        return index;
    }
}
