package org.covidct.app.model;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code covidct bench}: throughput benchmarks (subcommands). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks; see docs/BENCHMARKS.md for recorded figures.",
        subcommands = {BenchInferCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
