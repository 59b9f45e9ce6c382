package org.covidct.app.screen;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What every worker of a screen needs, as strings (it travels to Spark executors): where the series and the outputs
 * are, the model, and the detection settings as detect's options.
 *
 * @param root             ROOT, absolute
 * @param out              OUT, absolute (the ledger is written there, by whichever worker did a folder)
 * @param model            the RUN_DIR, absolute
 * @param pipelineArgs     the detection settings as options ({@link org.covidct.app.options.PipelineArguments})
 * @param torchThreads     PyTorch threads per worker process (0: PyTorch's default, one per core)
 * @param inFlight         series folders analysed at once per process (local engine)
 * @param allowUnvalidated accept a model without validation (issue 11's gate; carried for it)
 * @param master           the Spark master (spark engine), null for the default
 */
public record ScreenJob(String root, String out, String model, List<String> pipelineArgs, int torchThreads,
                        int inFlight, boolean allowUnvalidated, String master) implements Serializable {

    public ScreenJob {
        pipelineArgs = List.copyOf(pipelineArgs);
    }

    public Path outPath() {
        return Path.of(out);
    }

    public Path modelPath() {
        return Path.of(model);
    }

    public ScreenLedger ledger() {
        return new ScreenLedger(outPath());
    }
}
