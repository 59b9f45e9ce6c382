package org.covidct.app;

import picocli.CommandLine;

/** Test access to the package-private CLI factory (with its error handler). */
public final class MainAccess {

    private MainAccess() {
    }

    public static CommandLine commandLine() {
        return Main.commandLine();
    }
}
