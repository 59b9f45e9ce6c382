package org.covidct.app.options;

import org.covidct.nn.infer.CpuFeatures;
import picocli.CommandLine.Option;

/** {@code --threads}: PyTorch's intra-op threads (train, evaluate, bench infer). */
public final class ThreadsOption {

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
            description = "PyTorch threads (default 0: one per core; 1 is often faster for small models on a busy "
                    + "machine).")
    int threads;

    /** The count given; 0 means one per core. */
    public int threads() {
        return threads;
    }

    /** The count given, 0 replaced by the number of cores. */
    public int resolved() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Sets PyTorch's thread count when one was given (0 leaves PyTorch's default: one per core). */
    public void apply() {
        if (threads > 0) {
            CpuFeatures.setTorchThreads(threads);
        }
    }
}
