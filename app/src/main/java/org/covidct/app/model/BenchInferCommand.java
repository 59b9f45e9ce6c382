package org.covidct.app.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.covidct.core.CovidctException;
import org.covidct.nn.infer.CpuFeatures;
import org.covidct.nn.infer.FastClassifier;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
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
    ModelOptions options;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "Slices per forward (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", defaultValue = "10", paramLabel = "I", description = "Timed forwards (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "W", description = "Untimed forwards first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--plain", description = "Run the plain training block (no BatchNorm folding) instead of the fast path.")
    boolean plain;

    @Option(names = "--bf16", description = "bfloat16 on the fast path (refused unless the CPU has avx512_bf16 or amx_bf16).")
    boolean bf16;

    @Option(names = "--threads", paramLabel = "T", description = "Intra-op threads (default: available processors).")
    Integer threads;

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "Benchmark a saved model instead of a seeded initialisation.")
    Path run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw new CovidctException("--batch and --iterations must be at least 1, --warmup at least 0");
        }
        if (bf16 && plain) {
            throw new CovidctException("--bf16 applies to the fast path only, not with --plain");
        }
        if (bf16 && !CpuFeatures.hasNativeBf16()) {
            throw new CovidctException("--bf16: this CPU has neither avx512_bf16 nor amx_bf16");
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        JniUtils.setNumThreads(t);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager()) {
            Network net;
            ModelConfig cfg;
            if (run != null) {
                net = RunDir.load(run, m).network();
                cfg = net.config();
            } else {
                cfg = options.config();
                net = InitModelCommand.initialised(cfg, 42, m);
            }
            FastClassifier fast = plain ? null : FastClassifier.of(net, m, bf16);
            NDArray x = m.randomUniform(0, 4000, net.inputShape(batch));
            long[] nanos = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long start = System.nanoTime();
                try (NDManager step = m.newSubManager()) {
                    NDArray y = plain
                            ? net.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow()
                            : fast.logits(x);
                    y.attach(step);
                    y.toFloatArray(); // forces completion
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(nanos);
            double medianSec = nanos[iterations / 2] / 1e9;
            double meanSec = Arrays.stream(nanos).average().orElse(0) / 1e9;
            out.println("model=" + cfg.architecture().cliName());
            out.println("size=" + cfg.inputSize());
            out.println("width=" + cfg.widthMultiplier());
            out.println("batch=" + batch);
            out.println("path=" + (plain ? "plain" : "folded") + (bf16 ? "-bf16" : "-fp32"));
            out.println("threads=" + JniUtils.getNumThreads());
            out.println("iterations=" + iterations);
            out.println(String.format(Locale.ROOT, "median_batch_ms=%.1f", medianSec * 1000));
            out.println(String.format(Locale.ROOT, "slices_per_sec=%.3f", batch / meanSec));
            out.println(String.format(Locale.ROOT, "slices_per_sec_median=%.3f", batch / medianSec));
            out.println("peak_rss_mb=" + CpuFeatures.peakRssMb());
            out.flush();
            if (fast != null) {
                fast.close();
            }
        }
        return 0;
    }
}
