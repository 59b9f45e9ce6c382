package org.covidct.app.model;

import org.covidct.app.options.ThreadsOption;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.nn.data.SliceTensors;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import ai.djl.pytorch.jni.JniUtils;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.nn.infer.CpuFeatures;
import org.covidct.nn.infer.FastClassifier;
import org.covidct.nn.infer.Precision;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.app.options.ArchOrModelOptions;
import org.covidct.app.options.OldSpellings;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covidct bench infer}: forward-pass throughput of a network on this CPU. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Times the forward pass (inference) on random 16-bit-range input and prints "
                + "slices_per_sec=X and peak_rss_mb=X (VmHWM of this process).",
                "Default: the BatchNorm-folded fast path in float32 with as many threads as cores."})
public final class BenchInferCommand implements Callable<Integer> {

    @Mixin
    ArchOrModelOptions model;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "Slices per forward (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", defaultValue = "10", paramLabel = "I", description = "Timed forwards (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "W", description = "Untimed forwards first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--profile", paramLabel = "TRACE_JSON",
            description = "Record the timed forwards with PyTorch's profiler and write its Chrome trace (op names, "
                    + "shapes, times) to TRACE_JSON; slows the run, so the figures printed are not comparable.")
    Path profile;

    @Option(names = "--plain", description = "Run the plain training block (no BatchNorm folding) instead of the fast path.")
    boolean plain;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|fp16",
            description = "Arithmetic of the fast path (fp16 needs avx512_fp16; default ${DEFAULT-VALUE}).")
    String precisionName;

    @Option(names = "--layout", defaultValue = "nhwc", paramLabel = "nhwc|nchw",
            description = "Memory layout of the fast path's convolutions (default ${DEFAULT-VALUE}).")
    String layout;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--run", hidden = true, paramLabel = "RUN_DIR", description = "Deprecated spelling of --model RUN_DIR.")
    Path legacyRun;

    @Option(names = "--slices", paramLabel = "DIR",
            description = "Feed 16-bit TIFF slices from DIR (the first --batch files, sorted) instead of random values.")
    Path slicesDir;

    @Spec
    CommandSpec spec;

    private static NDArray input(NDManager m, Network net, int batch, Path dir) {
        if (dir == null) {
            return m.randomUniform(0, 4000, net.inputShape(batch));
        }
        List<CtSlice> slices = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.tiff?")).sorted().toList()) {
                CtSlice s;
                try {
                    s = TiffSlices.read(f);
                } catch (CovidctException notASlice) {
                    continue; // e.g. a float "visualized" TIFF beside the slices
                }
                if (s.width() == net.config().inputSize() && s.height() == net.config().inputSize()) {
                    slices.add(s);
                }
                if (slices.size() == batch) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list: " + e.getMessage());
        }
        if (slices.size() < batch) {
            throw new CovidctException(dir, "fewer than " + batch + " TIFF slices of " + net.config().inputSize()
                    + "x" + net.config().inputSize());
        }
        return SliceTensors.toTensor(m, slices, net.config().inputSize());
    }

    @Override
    public Integer call() {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw new CovidctException("--batch and --iterations must be at least 1, --warmup at least 0");
        }
        if (profile != null) {
            Path folder = profile.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw new CovidctException(profile, "cannot write the profile there (no such writable folder)");
            }
        }
        Precision precision = Precision.parse(precisionName);
        if (precision != Precision.FP32 && plain) {
            throw new CovidctException("--precision applies to the fast path only, not with --plain");
        }
        if (!precision.supportedHere()) {
            throw new CovidctException("--precision " + precisionName + ": this CPU has no native support for it");
        }
        if (!layout.equals("nhwc") && !layout.equals("nchw")) {
            throw new CovidctException("--layout must be nhwc or nchw, not " + layout);
        }
        boolean channelsLast = layout.equals("nhwc");
        if (legacyRun != null) {
            OldSpellings.warn(spec, "bench infer --run", "--model", "--model names a trained RUN_DIR everywhere");
        }
        ArchOrModelOptions.Target target = legacyRun != null ? new ArchOrModelOptions.Target(null, legacyRun)
                : model.target();
        CpuFeatures.setTorchThreads(threads.resolved());
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = target.runDir() != null ? RunDir.load(target.runDir(), m).network()
                    : Networks.initialised(target.config(), 42, m);
            ModelConfig cfg = net.config();
            FastClassifier fast = plain ? null : FastClassifier.of(net, m, precision, channelsLast);
            NDArray x = input(m, net, batch, slicesDir);
            long[] nanos = new long[iterations];
            long cpuNanos = 0;
            for (int i = -warmup; i < iterations; i++) {
                if (i == 0 && profile != null) {
                    JniUtils.startProfile(false, true, false);
                }
                long start = System.nanoTime();
                long cpuStart = CpuFeatures.processCpuNanos();
                try (NDManager step = m.newSubManager()) {
                    NDArray y = plain
                            ? net.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow()
                            : fast.logits(x);
                    y.attach(step);
                    y.toFloatArray(); // forces completion
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                    cpuNanos += CpuFeatures.processCpuNanos() - cpuStart;
                }
            }
            if (profile != null) {
                writeProfile(profile);
                out.println("profile=" + profile);
            }
            Arrays.sort(nanos);
            double medianSec = nanos[iterations / 2] / 1e9;
            double meanSec = Arrays.stream(nanos).average().orElse(0) / 1e9;
            out.println("model=" + cfg.architecture().cliName());
            out.println("size=" + cfg.inputSize());
            out.println("width=" + cfg.widthMultiplier());
            out.println("batch=" + batch);
            out.println("path=" + (plain ? "plain-fp32" : "folded-" + precision.name().toLowerCase(Locale.ROOT) + "-" + layout));
            out.println("threads=" + CpuFeatures.torchThreads());
            out.println("iterations=" + iterations);
            out.println(String.format(Locale.ROOT, "median_batch_ms=%.1f", medianSec * 1000));
            out.println(String.format(Locale.ROOT, "slices_per_sec=%.3f", batch / meanSec));
            out.println(String.format(Locale.ROOT, "slices_per_sec_median=%.3f", batch / medianSec));
            out.println("peak_rss_mb=" + CpuFeatures.peakRssMb());
            // on a shared machine wall time depends on the neighbours; CPU time per slice much less so
            out.println(String.format(Locale.ROOT, "cpu_sec_per_slice=%.3f", cpuNanos / 1e9 / iterations / batch));
            String fpmath = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
            out.println("onednn_fpmath=" + (fpmath == null ? "strict" : fpmath.toLowerCase(Locale.ROOT)));
            if (slicesDir != null) {
                try (NDManager step = m.newSubManager()) {
                    NDArray y = plain
                            ? net.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow()
                            : fast.logits(x);
                    y.attach(step);
                    float[] p = y.softmax(1).get(":, 0").toFloatArray();
                    StringBuilder sb = new StringBuilder("p_covid=");
                    for (int i = 0; i < p.length; i++) {
                        sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", p[i]));
                    }
                    out.println(sb);
                }
            }
            if (precision != Precision.FP32) {
                try (NDManager step = m.newSubManager();
                     FastClassifier reference = FastClassifier.of(net, step, Precision.FP32, channelsLast)) {
                    NDArray p = fast.logits(x).softmax(1);
                    NDArray q = reference.logits(x).softmax(1);
                    p.attach(step);
                    q.attach(step);
                    out.println(String.format(Locale.ROOT, "max_prob_diff_vs_fp32=%.6f",
                            p.sub(q).abs().max().getFloat()));
                }
            }
            out.flush();
            if (fast != null) {
                fast.close();
            }
        }
        return 0;
    }

    /** Stops PyTorch's profiler and moves its trace into place; nothing is left behind on failure. */
    private static void writeProfile(Path target) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            JniUtils.stopProfile(tmp.toString());
            AtomicFiles.move(tmp, target);
        } catch (EngineException | IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the error below is what the user needs
            }
            throw new CovidctException(target, "cannot write the profile (" + e.getMessage() + ")");
        }
    }
}
