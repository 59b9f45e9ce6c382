package org.covidct.app;

import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.selection.SeriesSelection;
import org.covidct.core.selection.Selectors;
import org.covidct.core.selection.SliceSelector;
import org.covidct.core.selection.SliceVerdict;
import org.covidct.core.series.SeriesFolders;
import org.covidct.core.series.SeriesLoader;
import org.covidct.core.series.SliceSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code covidct select}: stage one of the pipeline over one series folder or a whole tree. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {
                "Keeps the slices of each series in which the lung is open (COVID-CTset stage one).",
                "SRC is one series folder (a folder holding TIFF or DICOM slices) or a tree of them. The kept "
                        + "slices are copied into DIR, mirroring SRC, and DIR/selection.csv lists every slice: "
                        + "series,file,dark_count,threshold,selected."},
        footer = {"", "Rules:",
                "  reference   the published rule: pixels < 300 in rows 240..339 x cols 120..369 (scaled for "
                        + "other sizes), keep count > (max - min) / 1.5 per series",
                "  lung-aware  air enclosed by the body over the whole slice, keep > 0.45 x the series' maximum "
                        + "(robust to field of view and position; docs/SELECTION.md)"})
public final class SelectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "series folder or tree of series folders")
    Path src;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (not inside SRC)")
    Path out;

    @Option(names = "--rule", defaultValue = "reference", paramLabel = "RULE",
            description = "reference (default) or lung-aware")
    String rule;

    @Option(names = "--no-copy", description = "write selection.csv only, copy no slices")
    boolean noCopy;

    @Option(names = {"-q", "--quiet"}, description = "no progress or summary output")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        SliceSelector selector = Selectors.byName(rule);
        Path root = src.toAbsolutePath().normalize();
        Path dest = out.toAbsolutePath().normalize();
        if (dest.startsWith(root)) {
            throw new CovidctException(out, "the output folder must not be inside SRC (" + src + ")");
        }
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
            throw new CovidctException(out, "exists and is not a folder");
        }
        List<Path> folders = SeriesFolders.find(root);
        if (folders.isEmpty()) {
            throw new CovidctException(src, "no series folders here (folders holding TIFF or DICOM slices)");
        }
        Progress progress = new Progress(spec.commandLine().getErr(), folders.size(), quiet);
        // every series is read and judged before anything is written: bad input leaves no output
        List<SeriesSelection> selections = folders.parallelStream().map(dir -> {
            SeriesSelection sel = selector.select(SeriesLoader.open(dir));
            progress.seriesDone(sel.series().size());
            return sel;
        }).toList();
        progress.finish();

        int kept = 0;
        int total = 0;
        List<Path[]> copies = new ArrayList<>();
        for (SeriesSelection sel : selections) {
            total += sel.series().size();
            kept += sel.keptCount();
            Path target = dest.resolve(root.relativize(sel.series().dir()).toString());
            for (SliceSource s : sel.kept()) {
                copies.add(new Path[] {s.file(), target.resolve(s.file().getFileName().toString())});
            }
        }
        if (!noCopy) {
            copy(copies);
        }
        Path csv = dest.resolve("selection.csv");
        AtomicFiles.writeText(csv, w -> writeCsv(w, root, selections));
        if (!quiet) {
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s rule: kept %d of %d slices in %d series; %s%n", selector.name(), kept, total,
                    selections.size(), noCopy ? "wrote " + csv : "copied them and wrote " + csv);
            o.flush();
        }
        return 0;
    }

    private static void copy(List<Path[]> copies) throws IOException {
        copies.stream().map(c -> c[1].getParent()).distinct().forEach(d -> {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new CovidctException(d, "cannot create folder (" + e.getMessage() + ")", e);
            }
        });
        long pid = ProcessHandle.current().pid();
        copies.parallelStream().forEach(c -> {
            // copy to a hidden sibling, then move into place: a crash never leaves half a slice
            Path tmp = c[1].resolveSibling("." + c[1].getFileName() + "." + pid + ".part");
            try {
                Files.copy(c[0], tmp, StandardCopyOption.REPLACE_EXISTING);
                AtomicFiles.move(tmp, c[1]);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original problem is the one to report
                }
                throw new CovidctException(c[1], "cannot copy " + c[0] + " (" + e.getMessage() + ")", e);
            }
        });
    }

    static void writeCsv(java.io.Writer w, Path root, List<SeriesSelection> selections) throws IOException {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("series,file,dark_count,threshold,selected\n");
        for (SeriesSelection sel : selections) {
            String series = csvField(SeriesFolders.relativeName(root, sel.series().dir()));
            String threshold = String.format(Locale.ROOT, "%.3f", sel.threshold());
            for (SliceVerdict v : sel.slices()) {
                b.append(series).append(',').append(csvField(v.file())).append(',').append(v.darkCount()).append(',')
                        .append(threshold).append(',').append(v.selected() ? '1' : '0').append('\n');
            }
            if (b.length() > 60 * 1024) {
                w.write(b.toString());
                b.setLength(0);
            }
        }
        w.write(b.toString());
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A progress line on stderr for large trees: redrawn in place on a terminal, every 5 s otherwise. */
    static final class Progress {
        private final PrintWriter err;
        private final int series;
        private final boolean quiet;
        private final boolean terminal = System.console() != null;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger slices = new AtomicInteger();
        private final long start = System.nanoTime();
        private volatile long lastPrint = System.nanoTime();
        private volatile boolean printed;

        Progress(PrintWriter err, int series, boolean quiet) {
            this.err = err;
            this.series = series;
            this.quiet = quiet;
        }

        void seriesDone(int sliceCount) {
            int d = done.incrementAndGet();
            int s = slices.addAndGet(sliceCount);
            long now = System.nanoTime();
            long every = terminal ? 200_000_000L : 5_000_000_000L;
            if (!quiet && now - lastPrint > every && now - start > 1_000_000_000L) {
                synchronized (this) {
                    if (now - lastPrint > every) {
                        lastPrint = now;
                        printed = true;
                        String line = String.format(Locale.ROOT, "select: %d/%d series, %d slices, %.0f slices/s",
                                d, series, s, s / ((now - start) / 1e9));
                        err.print(terminal ? "\r" + line : line + "\n");
                        err.flush();
                    }
                }
            }
        }

        void finish() {
            if (printed && terminal) {
                err.println();
                err.flush();
            }
        }
    }

}
