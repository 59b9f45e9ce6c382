package org.covidct.app.screen;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SliceScorer;
import org.covidct.app.options.PipelineArguments;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.infer.CpuFeatures;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * detect's {@link Detector} with the model loaded once for a whole process and shared by the threads that analyse
 * series at the same time: each thread reads, selects and decodes its own series while another thread's slices go
 * through the network, and the forward passes themselves run one at a time (the network is not thread-safe, and one
 * forward already uses every core through PyTorch's own threads). The detector is the one detect makes
 * ({@code new Detector(scorer, scorer.summary(), settings)}); only the scorer is wrapped in the lock.
 */
public final class SharedDetector implements AutoCloseable {

    private static final Map<String, SharedDetector> PER_PROCESS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private final ClassifierScorer scorer;
    private final Detector detector;
    private final Object forwardPass = new Object();

    /**
     * Loads the model.
     *
     * @param torchThreads PyTorch threads (0 leaves PyTorch's default, one per core)
     */
    public SharedDetector(Path model, List<String> pipelineArgs, int torchThreads) {
        DetectionSettings settings = PipelineArguments.settings(pipelineArgs);
        if (torchThreads > 0) {
            CpuFeatures.setTorchThreads(torchThreads);
        }
        LOADS.incrementAndGet();
        this.scorer = new ClassifierScorer(model, settings.batchSize());
        SliceScorer oneAtATime = batch -> {
            // the batch's slices are waited for (decoded) before the lock, so no forward waits on another's decoding
            List<CtSlice> ready = List.copyOf(batch);
            synchronized (forwardPass) {
                return scorer.pCovid(ready);
            }
        };
        this.detector = new Detector(oneAtATime, scorer.summary(), settings);
    }

    /**
     * The detector of this process for a model and settings, loaded on first use and kept until
     * {@link #closeAll()} (a Spark executor keeps it for all the tasks it runs).
     */
    public static SharedDetector perProcess(Path model, List<String> pipelineArgs, int torchThreads) {
        String key = model.toAbsolutePath().normalize() + "\n" + String.join("\n", pipelineArgs) + "\n" + torchThreads;
        return PER_PROCESS.computeIfAbsent(key, k -> new SharedDetector(model, pipelineArgs, torchThreads));
    }

    /** Closes every per-process detector (Spark in local mode, where the executor is the command's own process). */
    public static void closeAll() {
        PER_PROCESS.values().removeIf(d -> {
            d.close();
            return true;
        });
    }

    /** How many times a model was loaded in this process (tests: once per worker process, not once per series). */
    public static int loads() {
        return LOADS.get();
    }

    public Detector detector() {
        return detector;
    }

    @Override
    public void close() {
        synchronized (forwardPass) {
            scorer.close();
        }
    }
}
