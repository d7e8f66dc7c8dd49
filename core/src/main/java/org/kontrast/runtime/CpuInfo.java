package org.kontrast.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The CPU's model and instruction-set flags, from /proc/cpuinfo (empty where there is none). */
public final class CpuInfo {
    /** The flags that say a CPU computes bfloat16 natively, which mixed precision on a CPU needs. */
    public static final List<String> BFLOAT16_FLAGS = List.of("avx512_bf16", "amx_bf16");

    private CpuInfo() {
    }

    public static String model() {
        return field("model name").orElse("unknown model");
    }

    public static Set<String> flags() {
        return field("flags").map(f -> (Set<String>) new TreeSet<>(Arrays.asList(f.split("\\s+")))).orElse(Set.of());
    }

    public static boolean bfloat16() {
        Set<String> f = flags();
        return BFLOAT16_FLAGS.stream().anyMatch(f::contains);
    }

    private static java.util.Optional<String> field(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith(name))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
