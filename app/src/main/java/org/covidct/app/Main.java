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
            String line = userError(ex);
            if (line != null) {
                cmd.getErr().println("covidct: error: " + line);
                cmd.getErr().flush();
                return USER_ERROR;
            }
            throw ex;
        });
        return cli;
    }

    /**
     * The one line for a failure that is the user's input or environment, or null for a bug (which keeps
     * its stack trace): a {@link CovidctException} anywhere in the cause chain, else an I/O failure (a
     * read-only or full file system, a permission, a file in the way of a folder), named by its path.
     */
    static String userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CovidctException) {
                return CovidctException.oneLine(t.getMessage());
            }
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                return CovidctException.oneLine(describe(io));
            }
        }
        return null;
    }

    /** "PATH: what went wrong" for an I/O failure, in words rather than exception names where Java has them. */
    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            String what;
            if (e instanceof java.nio.file.AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof java.nio.file.NoSuchFileException) {
                what = "no such file or folder";
            } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
                what = "already exists";
            } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
                what = "folder is not empty";
            } else if (e instanceof java.nio.file.NotDirectoryException) {
                what = "not a folder";
            } else {
                what = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            }
            if (fs.getReason() != null && !what.equals(fs.getReason())) {
                what += " (" + fs.getReason() + ")";
            }
            return fs.getFile() + ": " + what + (fs.getOtherFile() != null ? " (" + fs.getOtherFile() + ")" : "");
        }
        String m = e.getMessage();
        return "I/O failure: " + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
