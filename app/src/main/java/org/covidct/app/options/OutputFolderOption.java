package org.covidct.app.options;

import org.covidct.core.CovidctException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out DIR}: the folder a command writes its files into (created when missing). */
public final class OutputFolderOption {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created when missing).")
    Path out;

    /** The folder; a one-line error when it exists and is not a folder. */
    public Path folder() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CovidctException(out, "exists and is not a folder");
        }
        return out;
    }
}
