package org.covidct.app;

import org.covidct.core.CovidctException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code covidct} command line: one subcommand per pipeline step. */
@Command(name = "covidct", mixinStandardHelpOptions = true, version = "covidct 0.1.0",
        description = "COVID-19 detection from lung CT scans (the COVID-CTset pipeline on the JVM).",
        subcommands = {
                CommandLine.HelpCommand.class,
                ConvertCommand.class,
                SelectCommand.class,
                SplitCommand.class,
                DetectCommand.class,
                ValidatePatientsCommand.class,
                DemoCommand.class,
                GradcamCommand.class,
                org.covidct.app.model.ModelInfoCommand.class,
                org.covidct.app.model.InitModelCommand.class,
                org.covidct.app.model.BenchCommand.class,
                org.covidct.app.train.TrainCommand.class,
                org.covidct.app.train.EvaluateCommand.class,
                VisualizeCommand.class,
                SynthCommand.class,
                MontageCommand.class,
                org.covidct.app.keras.ImportKerasCommand.class,
                org.covidct.app.keras.ExportKerasCommand.class,
        })
public final class Main implements Runnable {

    /** Exit status for user errors (bad input, missing files); 1 is left to picocli's usage errors. */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (tests call this instead of main). */
    public static int run(String... args) {
        // DJL logs through SLF4J and no binding is shipped: silence SLF4J's "no providers" notice
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof CovidctException)) {
                t = t.getCause();
            }
            if (t != null) {
                cmd.getErr().println("covidct: error: " + t.getMessage().replace('\n', ' '));
                cmd.getErr().flush();
                return USER_ERROR;
            }
            throw ex;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
