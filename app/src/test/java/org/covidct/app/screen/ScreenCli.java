package org.covidct.app.screen;

import org.covidct.app.MainAccess;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in this process (with its one-line error handling) and captures exit status, stdout and stderr. */
public record ScreenCli(int exit, String out, String err) {

    public static ScreenCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MainAccess.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new ScreenCli(exit, out.toString(), err.toString());
    }

    /** True when {@code covidct COMMAND} has the option (detect gains --allow-unvalidated with issue 11). */
    public static boolean hasOption(String command, String option) {
        return MainAccess.commandLine().getSubcommands().get(command).getCommandSpec().findOption(option) != null;
    }
}
