package org.covidct.app;

import org.covidct.core.CovidctException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code covidct} command line: one subcommand per pipeline step. */
@Command(name = "covidct", mixinStandardHelpOptions = true, version = Main.VERSION,
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
                ServeCommand.class,
        })
public final class Main implements Runnable {

    /** Exit status for user errors (bad input, missing files); 1 is left to picocli's usage errors. */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static final String VERSION = "covidct 0.1.0";

    /** Runs the CLI and returns the exit status (tests call this instead of main). */
    public static int run(String... args) {
        // DJL logs through SLF4J and no binding is shipped: silence SLF4J's "no providers" notice
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        CommandLine cli = commandLine(args);
        return cli.execute(args);
    }

    /** The CLI with every subcommand. */
    static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Main()));
    }

    /**
     * The CLI for one invocation. When the first argument names a subcommand, only that subcommand's
     * model is built: picocli otherwise reflects over every command class and the types of their fields
     * at start (deep-learning commands included), which costs a short command such as {@code select}
     * a large share of its run. Anything else (help, no command, a typo) gets the full CLI.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
                Command sub = c.getAnnotation(Command.class);
                if (sub != null && c != CommandLine.HelpCommand.class
                        && (sub.name().equals(args[0]) || java.util.Arrays.asList(sub.aliases()).contains(args[0]))) {
                    CommandLine cli = new CommandLine(new OneCommandRoot());
                    cli.addSubcommand(new CommandLine(c));
                    return withErrorHandling(cli);
                }
            }
        }
        return commandLine();
    }

    /** The root of a one-subcommand CLI: the same name, version and options as {@link Main}. */
    @Command(name = "covidct", mixinStandardHelpOptions = true, version = VERSION)
    static final class OneCommandRoot implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(new Main(), System.out);
        }
    }

    private static CommandLine withErrorHandling(CommandLine cli) {
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
