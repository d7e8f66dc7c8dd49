package org.kontrast.runtime;

import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Values of fetched tensors as Java arrays. */
public final class TensorValues {
    private TensorValues() {
    }

    /** A float32 tensor's values, row-major; a tensor of another type is refused by name. */
    public static float[] floats(Tensor t) {
        if (!(t instanceof TFloat32 f)) {
            throw new IllegalArgumentException("expected a float32 tensor, got " + t.dataType());
        }
        float[] out = new float[(int) f.size()];
        f.asRawTensor().data().asFloats().read(out);
        return out;
    }
}
