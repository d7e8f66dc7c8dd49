package org.kontrast.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kontrast.augment.AugmentationPipeline;
import org.kontrast.data.Batches;
import org.kontrast.data.ImageDataset;
import org.kontrast.data.SyntheticImages;
import org.kontrast.loss.NtXentLoss;
import org.kontrast.method.EncoderFactory;
import org.kontrast.method.SimClr;
import org.kontrast.nn.Padding;
import org.kontrast.train.Experiment;
import org.kontrast.train.Optimizers;
import org.kontrast.view.TwoViews;
import org.tensorflow.DeviceSpec;
import org.tensorflow.types.TUint8;

/** The session's device list, device names resolved against it, and a step placed on the CPU. No test needs a GPU. */
class DevicesTest {
    private static final List<Devices.Device> CPU_ONLY = List.of(
            new Devices.Device("/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 268435456));
    private static final List<Devices.Device> TWO_GPUS = List.of(CPU_ONLY.get(0),
            new Devices.Device("/job:localhost/replica:0/task:0/device:GPU:0", "GPU", 1L << 34),
            new Devices.Device("/job:localhost/replica:0/task:0/device:GPU:1", "GPU", 1L << 34));

    @Test
    void theSessionListsTheCpu() {
        List<Devices.Device> devices = Devices.list();
        assertTrue(devices.stream().anyMatch(d -> d.type().equals("CPU") && d.name().endsWith("device:CPU:0")), devices.toString());
    }

    @Test
    void namesResolveAgainstWhatIsThere() {
        assertEquals(DeviceSpec.DeviceType.CPU, Devices.resolve("auto", CPU_ONLY).deviceType());
        assertEquals(DeviceSpec.DeviceType.GPU, Devices.resolve("auto", TWO_GPUS).deviceType());
        assertEquals(0, Devices.resolve("auto", TWO_GPUS).deviceIndex());
        assertEquals(1, Devices.resolve("GPU:1", TWO_GPUS).deviceIndex());
        assertEquals(DeviceSpec.DeviceType.CPU, Devices.resolve("cpu", TWO_GPUS).deviceType());
    }

    @Test
    void anAbsentGpuIsAnErrorWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:0", CPU_ONLY));
        assertTrue(e.getMessage().startsWith("gpu:0 was asked for, but TensorFlow sees no GPU ("), e.getMessage());
        // On this CPU build the reason is the classpath; with the GPU natives it would name the missing CUDA libraries.
        assertTrue(e.getMessage().contains(NativeLibrary.gpuBuild() ? "CUDA" : "no GPU natives on the classpath"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:2", TWO_GPUS));
        assertTrue(e.getMessage().contains("2 GPU(s), gpu:0 to gpu:1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu", CPU_ONLY));
        assertEquals("expected auto, cpu or gpu:N, got \"tpu\"", e.getMessage());
    }

    @Test
    void theCpuBuildCarriesNoGpuNatives() {
        assertFalse(NativeLibrary.gpuBuild());
        assertTrue(NativeLibrary.source().startsWith("tensorflow-core-native-") && NativeLibrary.source().endsWith("linux-x86_64.jar"),
                NativeLibrary.source());
    }

    @Test
    void stepsPlacedOnTheCpuGiveTheLossesOfUnplacedSteps() {
        ImageDataset data = SyntheticImages.stripes(32, 8, 4, 1);
        float[] placed = losses(data, Devices.resolve("cpu", Devices.list()));
        float[] unplaced = losses(data, null);
        assertArrayEquals(unplaced, placed, 0f);
    }

    private static float[] losses(ImageDataset data, DeviceSpec device) {
        try (Experiment e = Experiment.build(new SimClr(new TwoViews(new AugmentationPipeline(List.of())),
                EncoderFactory.convNet(8, 2, Padding.SAME), 8, 8, new NtXentLoss(0.1)), data.shape(), 8, Optimizers.adam(), 1, 1, device, org.kontrast.nn.Precision.FLOAT32)) {
            int[] order = Batches.epochOrder(1, 0, data.size());
            float[] out = new float[3];
            for (int s = 0; s < 3; s++) {
                try (TUint8 b = data.batch(order, s * 8, 8)) {
                    out[s] = e.step(b, s, 1e-3);
                }
            }
            return out;
        }
    }
}
