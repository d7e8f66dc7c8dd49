package org.kontrast.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ResNet-18 with the CIFAR stem (one 3x3 stride-1 convolution, no max-pool),
 * as SimCLR uses for 32x32 images (Chen et al., ICML 2020, appendix B.9), with
 * GroupNorm in place of BatchNorm so that views never share batch statistics.
 * He et al., CVPR 2016, table 1.
 */
public final class ResNet18 implements Encoder {
    /** One group: layer normalisation over each map, as the PyTorch peer does. */
    public static final int GROUPS_DEFAULT = 1;
    public static final int[] WIDTHS = {64, 128, 256, 512};
    public static final int BLOCKS_PER_STAGE = 2;
    /** The feature map local objectives read: the third stage's output (8x8 for a 32x32 input), as DIM takes a map below the top. */
    public static final int FEATURE_MAP_BLOCK = 2 * BLOCKS_PER_STAGE + 1;

    private final Ops tf;
    private final Conv2d stem;
    private final GroupNorm stemNorm;
    private final List<BasicBlock> blocks = new ArrayList<>();

    public ResNet18(ParameterStore store, int channels, int groups) {
        this.tf = store.tf();
        this.stem = new Conv2d(store, "resnet_stem", channels, WIDTHS[0], 3, 1, Padding.SAME, false, Initializer.HE_NORMAL_FAN_OUT);
        this.stemNorm = new GroupNorm(store, "resnet_stem_norm", WIDTHS[0], groups);
        int in = WIDTHS[0];
        for (int s = 0; s < WIDTHS.length; s++) {
            for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                blocks.add(new BasicBlock(store, "resnet_s" + (s + 1) + "b" + (b + 1), in, WIDTHS[s], stride, groups));
                in = WIDTHS[s];
            }
        }
    }

    @Override
    public Encoding encode(Operand<TFloat32> images) {
        Operand<TFloat32> x = tf.nn.relu(stemNorm.apply(stem.apply(images)));
        Operand<TFloat32> map = null;
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).apply(x);
            if (i == FEATURE_MAP_BLOCK) {
                map = x;
            }
        }
        Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
        return new Encoding(pooled, pooled, map);
    }

    /** Its output is already the pooled top stage, for any input size. */
    @Override
    public Operand<TFloat32> pooled(Operand<TFloat32> images) {
        return encode(images).output();
    }

    @Override
    public int pooledDim() {
        return representationDim();
    }

    @Override
    public int representationDim() {
        return WIDTHS[WIDTHS.length - 1];
    }

    @Override
    public int outputDim() {
        return representationDim();
    }
}
