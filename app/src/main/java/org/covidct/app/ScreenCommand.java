package org.covidct.app;

import org.covidct.app.options.OutputFolderOption;
import org.covidct.app.options.PatientPipelineOptions;
import org.covidct.app.options.PipelineArguments;
import org.covidct.app.options.QuietOption;
import org.covidct.app.options.RunDirOption;
import org.covidct.app.options.ThreadsOption;
import org.covidct.app.screen.ResultsTable;
import org.covidct.app.screen.ScreenEngine;
import org.covidct.app.screen.ScreenEngines;
import org.covidct.app.screen.ScreenFolder;
import org.covidct.app.screen.ScreenJob;
import org.covidct.app.screen.ScreenLedger;
import org.covidct.app.screen.ScreenManifest;
import org.covidct.app.screen.ScreenProgress;
import org.covidct.app.screen.ScreenRow;
import org.covidct.app.screen.ScreenSummary;
import org.covidct.core.CovidctException;
import org.covidct.core.load.SeriesFolders;
import org.covidct.nn.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code covidct screen}: {@code covidct detect} on every series under a folder, resumably, locally or on Spark. */
@Command(name = "screen", mixinStandardHelpOptions = true,
        description = {"Runs detect's fully automated detection on every series under ROOT (DICOM, grouped by "
                + "SeriesInstanceUID, or COVID-CTset TIFF series folders, at any depth) and writes OUT/results.csv "
                + "(series_path,decision,kept,covid,fraction,slices,series_uid,study_uid,reason,warnings,error,seconds;"
                + " one row per series, the values detect gives for that series; a series that fails is a row with its "
                + "error).",
                "Resumable: each folder's rows enter OUT/ledger when the folder is done, and a rerun into the same OUT "
                        + "analyses only the folders without an entry (OUT/screen.json refuses another ROOT, model "
                        + "or settings).",
                "--engine spark runs the same work as a Spark job (master local[*] unless --master or spark-submit "
                        + "gives one) and also writes OUT/results.parquet; see docs/SCREENING.md."})
public final class ScreenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Folder holding the series (any depth).")
    Path root;

    @Mixin
    RunDirOption model;

    @Mixin
    OutputFolderOption output;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "Where the series are analysed: local (default: this process, every core) or spark.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master with --engine spark (default local[*], or what spark-submit gives).")
    String master;

    @Option(names = "--in-flight", paramLabel = "N",
            description = "Series folders analysed at once by --engine local (default: cores + 1): their reading and "
                    + "selection overlap the forward passes, which run one at a time on every core.")
    Integer inFlight;

    @Option(names = "--retry-failed", description = "Also redo the folders whose series failed in an earlier run.")
    boolean retryFailed;

    @Mixin
    PatientPipelineOptions pipeline;

    @Mixin
    ThreadsOption threads;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (spec.commandLine().getParseResult().hasMatchedOption("--series")) {
            throw new CovidctException("--series chooses one series of a patient folder in detect; screen analyses "
                    + "every series under ROOT");
        }
        if (master != null && !"spark".equals(engine)) {
            throw new CovidctException("--master applies to --engine spark only");
        }
        if (inFlight != null && inFlight < 1) {
            throw new CovidctException("--in-flight must be at least 1");
        }
        List<String> pipelineArgs = PipelineArguments.of(pipeline);
        PipelineArguments.settings(pipelineArgs); // one-line errors for bad settings before anything is read
        Path rootDir = root.toAbsolutePath().normalize();
        Path out = output.folder().toAbsolutePath().normalize();
        ScreenEngine chosen = ScreenEngines.named(engine);
        RunDir.readManifest(model.runDir());
        ScreenJob job = new ScreenJob(rootDir.toString(), out.toString(),
                model.runDir().toAbsolutePath().normalize().toString(), pipelineArgs, threads.threads(),
                inFlight != null ? inFlight : Runtime.getRuntime().availableProcessors() + 1,
                pipeline.settings().allowUnvalidated(), master);

        List<ScreenFolder> folders = SeriesFolders.find(rootDir).stream()
                .map(d -> new ScreenFolder(SeriesFolders.relativeName(rootDir, d), d.toString())).toList();
        if (folders.isEmpty()) {
            throw new CovidctException(root, "no CT series (folders of TIFF or DICOM slices) under this folder");
        }
        ScreenManifest.of(job).writeOrCheck(out);
        ScreenLedger ledger = job.ledger();
        List<ScreenFolder> todo = new ArrayList<>();
        for (ScreenFolder f : folders) {
            Optional<List<ScreenRow>> done = ledger.rows(f.relative());
            if (done.isEmpty() || (retryFailed && done.get().stream().anyMatch(ScreenRow::failed))) {
                todo.add(f);
            }
        }
        say(err, String.format(Locale.ROOT, "covidct screen: %d series folders under %s, %d already done, %d to do "
                + "(engine %s)", folders.size(), rootDir, folders.size() - todo.size(), todo.size(), chosen.name()));
        ScreenProgress progress = new ScreenProgress(err, quiet.quiet(), todo.size());
        try (ScreenEngine.Session session = chosen.open(job)) {
            if (!todo.isEmpty()) {
                session.screen(todo, progress);
            }
            List<ScreenRow> all = new ArrayList<>();
            for (ScreenFolder f : folders) {
                all.addAll(ledger.rows(f.relative()).orElseThrow(() -> new IllegalStateException(
                        "no ledger entry for " + f.relative() + " after the screen")));
            }
            ResultsTable.write(out.resolve(ResultsTable.FILE), all);
            session.finish(all);
            stdout.println(String.format(Locale.ROOT, "%d series in %d folders: %s", all.size(), folders.size(),
                    ScreenSummary.line(all)));
            stdout.println(String.format(Locale.ROOT, "this run: %d folders (%d series) in %.1f s%s; earlier runs: %d "
                            + "folders", todo.size(), progress.series(), progress.elapsedSeconds(),
                    progress.series() == 0 ? "" : String.format(Locale.ROOT, " (%.1f series/min)",
                            progress.series() / progress.elapsedSeconds() * 60),
                    folders.size() - todo.size()));
            stdout.println("results: " + out.resolve(ResultsTable.FILE));
            stdout.flush();
        }
        return 0;
    }

    private void say(PrintWriter err, String line) {
        if (!quiet.quiet()) {
            err.println(line);
            err.flush();
        }
    }
}
