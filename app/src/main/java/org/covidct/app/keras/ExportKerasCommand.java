package org.covidct.app.keras;

import org.covidct.nn.keras.KerasRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code covidct export-keras}: a RUN_DIR to a Keras 2 HDF5 weights file. */
@Command(name = "export-keras", mixinStandardHelpOptions = true,
        description = {"Writes a RUN_DIR's network as a Keras 2 HDF5 weights file (the save_weights layout) that "
                + "Keras' model.load_weights reads, by name or in order, into the same architecture built in Keras. "
                + "Written atomically.", "See docs/KERAS.md."})
public final class ExportKerasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Model directory.")
    Path runDir;

    @Parameters(index = "1", paramLabel = "FILE.h5", description = "Output HDF5 file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KerasRuns.Exported e = KerasRuns.exportRun(runDir, file);
        PrintWriter w = spec.commandLine().getOut();
        w.println("out=" + e.file());
        w.println("layers=" + e.layers());
        w.println("weights=" + e.weights());
        w.println("sha256=" + e.sha256());
        w.flush();
        return 0;
    }
}
