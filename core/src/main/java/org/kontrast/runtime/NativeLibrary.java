package org.kontrast.runtime;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which TensorFlow native library the classpath carries (the CPU build or the
 * GPU build, which JavaCPP prefers when both are there), and for the GPU build
 * which of the CUDA 12 / cuDNN 9 libraries it loads at run time can be found.
 */
public final class NativeLibrary {
    private static final String CPU = "org/tensorflow/internal/c_api/linux-x86_64/libjnitensorflow.so";
    private static final String GPU = "org/tensorflow/internal/c_api/linux-x86_64-gpu/libjnitensorflow.so";
    /** What TensorFlow 2.18's GPU build opens at run time: the driver, the CUDA 12 runtime and libraries, cuDNN 9. */
    public static final List<String> CUDA_LIBRARIES = List.of("libcuda.so.1", "libcudart.so.12", "libcublas.so.12",
            "libcublasLt.so.12", "libcufft.so.11", "libcusolver.so.11", "libcusparse.so.12", "libcudnn.so.9");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib");

    private NativeLibrary() {
    }

    /** True when the GPU build of the natives is on the classpath. */
    public static boolean gpuBuild() {
        return resource(GPU).isPresent();
    }

    /** Where the natives in use come from: the jar (or directory) that holds them. */
    public static String source() {
        Optional<URL> u = gpuBuild() ? resource(GPU) : resource(CPU);
        return u.map(url -> {
            String s = url.toString();
            int bang = s.indexOf("!/");
            return bang > 0 ? s.substring(s.lastIndexOf('/', bang) + 1, bang) : s;
        }).orElse("none found on the classpath");
    }

    private static Optional<URL> resource(String name) {
        return Optional.ofNullable(NativeLibrary.class.getClassLoader().getResource(name));
    }

    /** The CUDA libraries from {@link #CUDA_LIBRARIES} found in none of the directories the dynamic loader searches. */
    public static List<String> missingCudaLibraries() {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(ldSoConfDirs());
        SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
        List<String> missing = new ArrayList<>();
        for (String lib : CUDA_LIBRARIES) {
            if (dirs.stream().noneMatch(d -> Files.exists(d.resolve(lib)))) {
                missing.add(lib);
            }
        }
        return missing;
    }

    private static List<Path> ldSoConfDirs() {
        List<Path> out = new ArrayList<>();
        Path confD = Path.of("/etc/ld.so.conf.d");
        if (!Files.isDirectory(confD)) {
            return out;
        }
        try (var files = Files.list(confD)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("/")) {
                        out.add(Path.of(l));
                    }
                }
            }
        } catch (IOException e) {
            // An unreadable loader configuration only narrows the search; the report says what was not found.
        }
        return out;
    }

    /** Why TensorFlow sees no GPU, given its device list; empty reason when it sees one. */
    public static String gpuReason(List<Devices.Device> devices) {
        if (Devices.gpus(devices) > 0) {
            return "";
        }
        if (!gpuBuild()) {
            return "no GPU natives on the classpath: run `kontrast --gpu ...` or build with mvn -Pgpu";
        }
        List<String> missing = missingCudaLibraries();
        if (!missing.isEmpty()) {
            return "CUDA libraries not found: " + String.join(", ", missing) + " (put their directories on LD_LIBRARY_PATH)";
        }
        return "GPU natives and CUDA libraries are present, but TensorFlow found no GPU device (check nvidia-smi and the driver)";
    }
}
