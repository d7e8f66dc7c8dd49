package org.kontrast.dsl.cli

import java.util.concurrent.Callable
import org.kontrast.dsl.run.Provenance
import org.kontrast.runtime.CpuInfo
import org.kontrast.runtime.Devices
import org.kontrast.runtime.NativeLibrary
import org.kontrast.runtime.TfRuntime
import picocli.CommandLine.Command

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = ["Print versions, the TensorFlow native library and settings, and the devices TensorFlow sees (and why no GPU)."])
class Doctor : Callable<Int> {
    override fun call(): Int {
        report().forEach { (k, v) -> println("%-12s %s".format("$k:", v)) }
        return 0
    }

    companion object {
        /** The report as ordered (label, value) lines; the devices are listed one per line. */
        fun report(): List<Pair<String, String>> {
            val devices = Devices.list()
            val lines = mutableListOf(
                "kontrast" to Provenance.kontrastVersion,
                "java" to "${System.getProperty("java.version")} (${System.getProperty("java.vendor")}, ${System.getProperty("java.home")})",
                "tensorflow" to "${TfRuntime.tensorFlowVersion()} (TensorFlow Java ${tfJavaVersion()})",
                "natives" to "${NativeLibrary.source()} (${if (NativeLibrary.gpuBuild()) "GPU build" else "CPU build"})",
                "oneDNN" to if (TfRuntime.oneDnnEnabled()) "on (TF_ENABLE_ONEDNN_OPTS=1)" else "off (set TF_ENABLE_ONEDNN_OPTS=1; the kontrast launcher does)",
                "threads" to "${TfRuntime.defaultThreads()} intra-op (one per core), 1 inter-op",
                "cpu" to cpu(),
            )
            devices.forEach { d ->
                lines += "device" to "${d.name()} (${d.type()}${if (d.memoryBytes() > 0) ", %.0f MiB".format(d.memoryBytes() / 1048576.0) else ""})"
            }
            lines += "gpu" to if (Devices.gpus(devices) > 0) "${Devices.gpus(devices)} found; runtime.device \"auto\" uses gpu:0"
                else "none: ${NativeLibrary.gpuReason(devices)}"
            if (NativeLibrary.gpuBuild() && Devices.gpus(devices) == 0L) {
                val missing = NativeLibrary.missingCudaLibraries()
                lines += "cuda" to if (missing.isEmpty()) "all of ${NativeLibrary.CUDA_LIBRARIES.joinToString()} found" else "missing ${missing.joinToString()}"
            }
            return lines
        }

        private fun tfJavaVersion(): String = org.tensorflow.TensorFlow::class.java.protectionDomain?.codeSource?.location?.path
            ?.let { Regex("tensorflow-core-api-([^/]+)\\.jar$").find(it)?.groupValues?.get(1) } ?: "unknown"

        private fun cpu(): String {
            val flags = CpuInfo.flags()
            val simd = listOf("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16").filter { it in flags }
            val mixed = if (CpuInfo.bfloat16()) "mixed precision: bfloat16" else "mixed precision: GPU only (no bfloat16 instructions)"
            return "${CpuInfo.model()}, ${Runtime.getRuntime().availableProcessors()} cores, ${simd.joinToString(" ").ifEmpty { "no AVX2" }}; $mixed"
        }
    }
}
