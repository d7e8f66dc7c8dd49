package org.kontrast.nn;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
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
 */
final class FusedBiasRelu {
    private static final String CONV_OP = "_FusedConv2D";
    private static final String MATMUL_OP = "_FusedMatMul";
    private static final String[] FUSED_OPS = {"BiasAdd", "Relu"};

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
                tf.linalg.matMul(input(op, 0), dz, MatMul.transposeA(true)),
                tf.nn.biasAddGrad(dz));
    }

    private static List<Operand<?>> convGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        Operand<TFloat32> x = input(op, 0);
        Operand<TFloat32> kernel = input(op, 1);
        Operand<TFloat32> dz = preActivationGradient(tf, op, grads);
        List<Long> strides = Arrays.stream(op.attributes().getAttrIntList("strides")).boxed().toList();
        String padding = op.attributes().getAttrString("padding");
        return List.of(
                tf.nn.conv2dBackpropInput(tf.shape(x), kernel, dz, strides, padding),
                tf.nn.conv2dBackpropFilter(x, tf.shape(kernel), dz, strides, padding),
                tf.nn.biasAddGrad(dz));
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
