package org.kontrast.runtime;

import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;

/**
 * The process-wide TensorFlow settings every entry point shares. oneDNN is read
 * from TF_ENABLE_ONEDNN_OPTS when the native library loads, so launchers set it
 * (the kontrast script, Surefire, the kernelspec); this class reports it.
 */
public final class TfRuntime {
    private TfRuntime() {
    }

    /** Intra-op threads: one per core, which DESIGN.md measured fastest here. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static ConfigProto sessionConfig(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                // Ops without a kernel for the chosen device (a GPU lacks some) run on the CPU instead of failing.
                .setAllowSoftPlacement(true)
                .build();
    }

    public static boolean oneDnnEnabled() {
        return "1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"));
    }

    public static String tensorFlowVersion() {
        return TensorFlow.version();
    }
}
