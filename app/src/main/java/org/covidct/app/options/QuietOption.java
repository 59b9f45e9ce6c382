package org.covidct.app.options;

import picocli.CommandLine.Option;

/** {@code -q}, {@code --quiet}: no progress lines on stderr. */
public final class QuietOption {

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    public boolean quiet() {
        return quiet;
    }
}
