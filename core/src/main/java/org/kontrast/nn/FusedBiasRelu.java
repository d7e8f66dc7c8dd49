package org.kontrast.nn;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A convolution or a matrix product, its bias and a ReLU as one TensorFlow op
 * (_FusedConv2D, _FusedMatMul, which Grappler builds itself where it may), with a
 * gradient that reads the ReLU's output.
 * TensorFlow's own ReLU gradient reads the pre-activation: that keeps it alive,
 * stops Grappler from fusing the ReLU and costs a pass over the activation each
 * way. Neither op has a gradient of its own, so the ones here are registered
 * once per JVM; they refuse any fused-op list but the one built here.
 * A gradient function may not ask for a shape (the graph is locked while it runs), so each op carries its
 * inputs' static shapes in an attribute of its own.
 */
final class FusedBiasRelu {
    private static final String CONV_OP = "_FusedConv2D";
    private static final String MATMUL_OP = "_FusedMatMul";
    private static final String[] FUSED_OPS = {"BiasAdd", "Relu"};
    /** TensorFlow checks no attribute whose name starts with an underscore against the op's definition. */
    private static final String INPUT_SHAPES = "_kontrast_input_shapes";
    /**
     * Up to this many times the input's size, the conv gradient builds the patch matrix and takes the filter
     * gradient as one matrix product. Against oneDNN's filter gradient, 3x3 kernels, stride 2, VALID, 512 views:
     * 15x15 to 7x7 with 128 to 128 channels 0.77 of its time (the benchmark's second layer), 13x13 0.81, 31x31 with
     * 64 to 128 0.78. Stride 1 gains too (0.73-0.84) but its patches are 9 times the input.
     */
    static final int PATCH_GRADIENT_MAX_EXPANSION = 4;

    static {
        TensorFlow.registerCustomGradient(CONV_OP, FusedBiasRelu::convGradient);
        TensorFlow.registerCustomGradient(MATMUL_OP, FusedBiasRelu::matMulGradient);
    }

    private FusedBiasRelu() {
    }

    /** relu(conv2d(x, kernel) + bias), NHWC, HWIO kernel. */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> conv2d(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Operand<TFloat32> bias,
                                    List<Long> strides, String padding) {
        Output<?> out = tf.scope().opBuilder(CONV_OP, "FusedConv2dBiasRelu")
                .addInput(x.asOutput())
                .addInput(kernel.asOutput())
                .addInputList(new Output<?>[] {bias.asOutput()})
                .addInputList(new Output<?>[0])
                .setAttr("T", DataType.DT_FLOAT)
                .setAttr("TArgs", new DataType[] {DataType.DT_FLOAT})
                .setAttr("num_args", 1L)
                .setAttr("fused_ops", FUSED_OPS)
                .setAttr(INPUT_SHAPES, new Shape[] {x.shape(), kernel.shape()})
                .setAttr("strides", strides.stream().mapToLong(Long::longValue).toArray())
                .setAttr("padding", padding)
                .build()
                .output(0);
        return (Output<TFloat32>) out;
    }

    /** relu(a b + bias) for a [n, k] and b [k, m], neither transposed. */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> matMul(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, Operand<TFloat32> bias) {
        Output<?> out = tf.scope().opBuilder(MATMUL_OP, "FusedMatMulBiasRelu")
                .addInput(a.asOutput())
                .addInput(b.asOutput())
                .addInputList(new Output<?>[] {bias.asOutput()})
                .setAttr("T", DataType.DT_FLOAT)
                .setAttr("num_args", 1L)
                .setAttr("fused_ops", FUSED_OPS)
                .setAttr(INPUT_SHAPES, new Shape[] {a.shape(), b.shape()})
                .setAttr("transpose_a", false)
                .setAttr("transpose_b", false)
                .build()
                .output(0);
        return (Output<TFloat32>) out;
    }

    private static List<Operand<?>> matMulGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        if (op.attributes().getAttrBool("transpose_a") || op.attributes().getAttrBool("transpose_b")) {
            throw new IllegalStateException(op.name() + ": the registered gradient covers untransposed operands only");
        }
        Operand<TFloat32> dz = preActivationGradient(tf, op, grads);
        return List.of(
                tf.linalg.matMul(dz, input(op, 1), MatMul.transposeB(true)),
                weightGradient(tf, input(op, 0), dz, inputShape(op, 0).size(1), inputShape(op, 1).size(1)),
                tf.nn.biasAddGrad(dz));
    }

    /**
     * rows^T dz, for rows [n, k] and dz [n, m] (k or m -1 where unknown). The narrower of the two is transposed in
     * memory: oneDNN's product packs a transposed wide operand at a lower rate (n = 25088, k = 1152, m = 128: 43
     * against 51 ms; n = 4608: 8.6 against 10.0 ms; n = 115200, k = 27: 7.5 ms as transpose_a, 13.5 transposing dz).
     */
    static Operand<TFloat32> weightGradient(Ops tf, Operand<TFloat32> rows, Operand<TFloat32> dz, long k, long m) {
        if (k <= m || m < 0) {
            return tf.linalg.matMul(rows, dz, MatMul.transposeA(true));
        }
        // Grappler folds a 2-D Transpose into the product's transpose_a; a transpose of [n, m, 1] it leaves alone.
        Operand<TFloat32> dzT = tf.reshape(tf.linalg.transpose(tf.reshape(dz, tf.constant(new long[] {-1, m, 1})),
                tf.constant(new int[] {1, 0, 2})), tf.constant(new long[] {m, -1}));
        return tf.linalg.transpose(tf.linalg.matMul(dzT, rows), tf.constant(new int[] {1, 0}));
    }

    private static List<Operand<?>> convGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        Operand<TFloat32> x = input(op, 0);
        Operand<TFloat32> kernel = input(op, 1);
        Operand<TFloat32> dz = preActivationGradient(tf, op, grads);
        List<Long> strides = Arrays.stream(op.attributes().getAttrIntList("strides")).boxed().toList();
        String padding = op.attributes().getAttrString("padding");
        return List.of(
                tf.nn.conv2dBackpropInput(tf.shape(x), kernel, dz, strides, padding),
                filterGradient(tf, op, dz, strides, padding),
                tf.nn.biasAddGrad(dz));
    }

    /** As patches^T dz where the patch matrix is small enough ({@link #PATCH_GRADIENT_MAX_EXPANSION}), else oneDNN's. */
    private static Operand<TFloat32> filterGradient(Ops tf, GraphOperation op, Operand<TFloat32> dz,
                                                    List<Long> strides, String padding) {
        Operand<TFloat32> x = input(op, 0);
        Shape map = inputShape(op, 0);
        Shape hwio = inputShape(op, 1);
        int stride = strides.get(1).intValue();
        Padding mode = Padding.valueOf(padding);
        if (!patchesWithinExpansion(map, hwio, stride, strides.get(2), mode)) {
            return tf.nn.conv2dBackpropFilter(x, tf.shape(input(op, 1)), dz, strides, padding);
        }
        Operand<TFloat32> rows = Patches.rows(tf, x, map, hwio, stride, mode);
        long out = hwio.size(3);
        Operand<TFloat32> grad = weightGradient(tf, rows, tf.reshape(dz, tf.constant(new long[] {-1, out})),
                hwio.size(0) * hwio.size(1) * hwio.size(2), out);
        return tf.reshape(grad, tf.constant(hwio.asArray()));
    }

    /** Patches need the map's size at graph build and one stride for both sides. */
    private static boolean patchesWithinExpansion(Shape map, Shape hwio, int stride, long strideW, Padding mode) {
        if (!Conv2d.knownMapSize(map) || hwio.hasUnknownDimension() || strideW != stride) {
            return false;
        }
        long positions = (long) Conv2d.outputSize((int) map.size(1), (int) hwio.size(0), stride, mode)
                * Conv2d.outputSize((int) map.size(2), (int) hwio.size(1), stride, mode);
        return positions * hwio.size(0) * hwio.size(1) <= PATCH_GRADIENT_MAX_EXPANSION * map.size(1) * map.size(2);
    }

    private static Shape inputShape(GraphOperation op, int i) {
        return op.attributes().getAttrShapeList(INPUT_SHAPES)[i];
    }

    /** The gradient before the ReLU, from the op's output: positive exactly where its input was. */
    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> preActivationGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        if (!Arrays.equals(op.attributes().getAttrStringList("fused_ops"), FUSED_OPS)) {
            throw new IllegalStateException(op.name() + ": the registered gradient covers fused_ops "
                    + Arrays.toString(FUSED_OPS) + " only, got " + Arrays.toString(op.attributes().getAttrStringList("fused_ops")));
        }
        Output<?> y = op.output(0);
        return tf.nn.reluGrad((Operand<TFloat32>) grads.get(0), (Operand<TFloat32>) y);
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> input(GraphOperation op, int i) {
        Output<?> in = op.input(i);
        return (Output<TFloat32>) in;
    }
}
