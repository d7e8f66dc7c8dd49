package org.kontrast.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The two-convolution residual block of ResNet-18/34. He et al., "Deep Residual
 * Learning for Image Recognition", CVPR 2016, fig. 2. A 1x1 projection shortcut
 * when the stride or width changes (option B).
 */
public final class BasicBlock implements Layer {
    private final Ops tf;
    private final Conv2d conv1;
    private final GroupNorm norm1;
    private final Conv2d conv2;
    private final GroupNorm norm2;
    private final Conv2d shortcut;
    private final GroupNorm shortcutNorm;

    public BasicBlock(ParameterStore store, String name, int in, int out, int stride, int groups) {
        this.tf = store.tf();
        this.conv1 = new Conv2d(store, name + "_conv1", in, out, 3, stride, Padding.SAME, false, Initializer.HE_NORMAL_FAN_OUT);
        this.norm1 = new GroupNorm(store, name + "_norm1", out, groups);
        this.conv2 = new Conv2d(store, name + "_conv2", out, out, 3, 1, Padding.SAME, false, Initializer.HE_NORMAL_FAN_OUT);
        this.norm2 = new GroupNorm(store, name + "_norm2", out, groups);
        boolean project = stride != 1 || in != out;
        this.shortcut = project
                ? new Conv2d(store, name + "_shortcut", in, out, 1, stride, Padding.SAME, false, Initializer.HE_NORMAL_FAN_OUT)
                : null;
        this.shortcutNorm = project ? new GroupNorm(store, name + "_shortcut_norm", out, groups) : null;
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> y = tf.nn.relu(norm1.apply(conv1.apply(x)));
        y = norm2.apply(conv2.apply(y));
        Operand<TFloat32> skip = shortcut == null ? x : shortcutNorm.apply(shortcut.apply(x));
        return tf.nn.relu(tf.math.add(y, skip));
    }
}
