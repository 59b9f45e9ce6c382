package org.covidct.app.server;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The server's log: one line per event on stderr, with the time. Lines name jobs, states, counts, timings
 * and Orthanc's resource IDs only; never a value read from a DICOM file (names, IDs, dates, UIDs), so the
 * log can be shared when asking for help.
 */
public final class ServerLog {

    private final PrintStream out;
    private final boolean quiet;

    public ServerLog(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public void info(String line) {
        if (!quiet) {
            print(line);
        }
    }

    /** Problems are printed even when quiet. */
    public void warn(String line) {
        print("warning: " + line);
    }

    private synchronized void print(String line) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line.replace('\n', ' '));
        out.flush();
    }
}
