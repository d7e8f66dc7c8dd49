package org.kontrast.runtime;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.DeviceSpec;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The devices a TensorFlow session sees, and a recipe's {@code runtime.device}
 * (auto, cpu, gpu:N) resolved against them: a GPU that is asked for and absent is
 * an error at start, with the reason, never a silent CPU run.
 */
public final class Devices {
    /** One device as TensorFlow names it, e.g. /job:localhost/replica:0/task:0/device:CPU:0. */
    public record Device(String name, String type, long memoryBytes) {
    }

    private Devices() {
    }

    /** The device list of a fresh session on an empty graph. */
    public static List<Device> list() {
        TensorFlow.version();
        TF_Status status = TF_NewStatus();
        TF_Graph graph = TF_NewGraph();
        TF_SessionOptions options = TF_NewSessionOptions();
        TF_Session session = TF_NewSession(graph, options, status);
        try {
            check(status, "starting a session");
            TF_DeviceList devices = TF_SessionListDevices(session, status);
            check(status, "listing devices");
            try {
                List<Device> out = new ArrayList<>();
                for (int i = 0; i < TF_DeviceListCount(devices); i++) {
                    out.add(new Device(TF_DeviceListName(devices, i, status).getString(), TF_DeviceListType(devices, i, status).getString(),
                            TF_DeviceListMemoryBytes(devices, i, status)));
                    check(status, "reading device " + i);
                }
                return List.copyOf(out);
            } finally {
                TF_DeleteDeviceList(devices);
            }
        } finally {
            if (session != null && !session.isNull()) {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
            TF_DeleteSessionOptions(options);
            TF_DeleteGraph(graph);
            TF_DeleteStatus(status);
        }
    }

    private static void check(TF_Status status, String what) {
        if (TF_GetCode(status) != TF_OK) {
            throw new IllegalStateException("TensorFlow failed " + what + ": " + TF_Message(status).getString());
        }
    }

    /** How many GPUs a list holds. */
    public static long gpus(List<Device> devices) {
        return devices.stream().filter(d -> d.type().equals("GPU")).count();
    }

    /** Checks the form of a device name (auto, cpu, gpu:N) without asking TensorFlow what it sees. */
    public static void checkName(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (!(s.equals("auto") || s.equals("cpu") || s.matches("gpu:[0-9]+"))) {
            throw new IllegalArgumentException("expected auto, cpu or gpu:N, got \"" + spec + "\"");
        }
    }

    /**
     * The device a recipe's {@code runtime.device} names, checked against {@code devices}.
     *
     * @param spec auto (the first GPU if there is one, else the CPU), cpu, or gpu:N
     */
    public static DeviceSpec resolve(String spec, List<Device> devices) {
        checkName(spec);
        String s = spec.trim().toLowerCase(Locale.ROOT);
        long gpus = gpus(devices);
        if (s.equals("auto")) {
            return gpus > 0 ? gpu(0) : cpu();
        }
        if (s.equals("cpu")) {
            return cpu();
        }
        int n = Integer.parseInt(s.substring(4));
        if (n >= gpus) {
            String seen = gpus == 0 ? "no GPU (" + NativeLibrary.gpuReason(devices) + ")" : gpus + " GPU(s), gpu:0 to gpu:" + (gpus - 1);
            throw new IllegalArgumentException(s + " was asked for, but TensorFlow sees " + seen
                    + "; run `kontrast doctor` for details, or use \"cpu\" or \"auto\"");
        }
        return gpu(n);
    }

    private static DeviceSpec cpu() {
        return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
    }

    private static DeviceSpec gpu(int n) {
        return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(n).build();
    }
}
