package org.covidct.nn.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the Linux CPU and process report about themselves (/proc). */
public final class CpuFeatures {

    private CpuFeatures() {
    }

    /** True when the first CPU's flags in /proc/cpuinfo include {@code flag} (e.g. avx512_fp16). */
    public static boolean hasFlag(String flag) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> (l + " ").contains(" " + flag + " ")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets PyTorch's intra-op thread count (loading the engine first: the JNI needs it). */
    public static void setTorchThreads(int threads) {
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /** PyTorch's intra-op thread count. */
    public static int torchThreads() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
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
