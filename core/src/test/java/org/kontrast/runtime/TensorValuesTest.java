package org.kontrast.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TensorValuesTest {
    @Test
    void readsAFloatTensorRowMajor() {
        float[] values = {1f, 2f, 3f, 4f, 5f, 6f};
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, 3), DataBuffers.of(values, true, false))) {
            assertArrayEquals(values, TensorValues.floats(t));
        }
    }

    @Test
    void refusesAnotherTypeByName() {
        try (TInt32 t = TInt32.vectorOf(1, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorValues.floats(t));
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("DT_INT32"), e.getMessage());
        }
    }
}
