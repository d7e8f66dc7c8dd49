package org.kontrast.method;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which way CPC predicts across the patch grid. Each direction turns the grid so
 * that it becomes "rows below from rows above"; CPC v1 predicts top-down only, CPC v2
 * from all four directions (Hénaff et al., ICML 2020, section 4.1).
 */
public enum CpcDirection {
    TOP_DOWN("topDown"),
    BOTTOM_UP("bottomUp"),
    LEFT_RIGHT("leftRight"),
    RIGHT_LEFT("rightLeft");

    private final String key;

    CpcDirection(String key) {
        this.key = key;
    }

    /** The name in recipes. */
    public String key() {
        return key;
    }

    public static CpcDirection of(String key) {
        for (CpcDirection d : values()) {
            if (d.key.equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown CPC direction \"" + key + "\" (known: topDown, bottomUp, leftRight, rightLeft)");
    }

    /**
     * A [B, G, G, D] grid turned so that this direction's "later" patches are the lower rows:
     * bottom-up flips the rows, left-right transposes, right-left transposes then flips.
     */
    public Operand<TFloat32> orient(Ops tf, Operand<TFloat32> grid) {
        return switch (this) {
            case TOP_DOWN -> grid;
            case BOTTOM_UP -> tf.reverse(grid, tf.constant(new int[] {1}));
            case LEFT_RIGHT -> transpose(tf, grid);
            case RIGHT_LEFT -> tf.reverse(transpose(tf, grid), tf.constant(new int[] {1}));
        };
    }

    private static Operand<TFloat32> transpose(Ops tf, Operand<TFloat32> grid) {
        return tf.linalg.transpose(grid, tf.constant(new int[] {0, 2, 1, 3}));
    }
}
