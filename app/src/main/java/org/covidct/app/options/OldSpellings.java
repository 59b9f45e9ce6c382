package org.covidct.app.options;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Options renamed so that one name has one meaning keep working under their old name, hidden, with one warning
 * line on stderr saying what to write instead.
 */
public final class OldSpellings {

    private OldSpellings() {
    }

    /** Says once that {@code old} is now spelled {@code now}, and why. */
    public static void warn(CommandSpec command, String old, String now, String why) {
        PrintWriter err = command.commandLine().getErr();
        err.println("covidct: warning: " + old + " is now " + now + " (" + why + ")");
        err.flush();
    }
}
