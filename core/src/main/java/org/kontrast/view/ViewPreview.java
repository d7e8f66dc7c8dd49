package org.kontrast.view;

import java.util.List;
import org.kontrast.augment.ImageShape;
import org.kontrast.augment.RandomStream;
import org.kontrast.data.ImageDataset;
import org.kontrast.runtime.TensorValues;
import org.kontrast.runtime.TfRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * What the encoder sees: the two views a training step makes of the first images of
 * a dataset, through the same in-graph augmentation, with the random stream of
 * (seed, step). For looking at, in a notebook or a report.
 */
public final class ViewPreview {
    private ViewPreview() {
    }

    /** The views of images {@code [0, n)}: {@code [view][image]} pixels in [0, 1], each h x w x c of {@link TwoViews#outputShape}. */
    public static float[][][] of(TwoViews views, ImageDataset data, int n, long seed, long step) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("preview count must be 1 to " + data.size() + ", got " + n);
        }
        ImageShape in = data.shape();
        ImageShape out = views.outputShape(in);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            var images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(n, in.height(), in.width(), in.channels())));
            var key = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            Operand<TFloat32> unit = tf.math.mul(tf.dtypes.cast(images, TFloat32.class), tf.constant(1f / 255f));
            List<Operand<TFloat32>> v = views.apply(tf, unit, in, new RandomStream(tf, key));
            try (Session s = new Session(g, TfRuntime.sessionConfig(1));
                 TUint8 batch = data.batch(order, 0, n);
                 TInt64 k = TInt64.vectorOf(seed, step);
                 Result r = s.runner().feed(images, batch).feed(key, k).fetch(v.get(0)).fetch(v.get(1)).run()) {
                int per = out.height() * out.width() * out.channels();
                float[][][] result = new float[2][n][per];
                for (int view = 0; view < 2; view++) {
                    float[] all = TensorValues.floats(r.get(view));
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(all, i * per, result[view][i], 0, per);
                    }
                }
                return result;
            }
        }
    }
}
