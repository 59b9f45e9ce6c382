package org.covidct.nn.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the Linux CPU and process report about themselves (/proc). */
public final class CpuFeatures {

    private CpuFeatures() {
    }

    /** True when /proc/cpuinfo lists avx512_bf16 or amx_bf16 (native bfloat16 arithmetic). */
    public static boolean hasNativeBf16() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> l.contains(" avx512_bf16") || l.contains(" amx_bf16")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Peak resident set size of this process in MiB (VmHWM), or -1 where /proc is unavailable. */
    public static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
