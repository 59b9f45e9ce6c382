package org.covidct.app;

import org.covidct.app.options.QuietOption;
import org.covidct.app.options.OutputFolderOption;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.io.OutputFolders;
import org.covidct.core.selection.SeriesSelection;
import org.covidct.core.selection.SliceSelector;
import org.covidct.core.selection.SliceVerdict;
import org.covidct.core.load.SeriesFolders;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.SliceSource;
import org.covidct.app.options.SelectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** {@code covidct select}: stage one of the pipeline over one series folder or a whole tree. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {
                "Keeps the slices of each series in which the lung is open (COVID-CTset stage one).",
                "SRC is one series folder (a folder holding TIFF or DICOM slices) or a tree of them. The kept "
                        + "slices are copied (or hard-linked with --link) into DIR (not inside SRC), mirroring SRC, and "
                        + "DIR/selection.csv lists every slice: series,file,dark_count,threshold,selected. -q also "
                        + "leaves out the summary line."},
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

    @Mixin
    OutputFolderOption output;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--no-copy", description = "write selection.csv only, copy no slices")
    boolean noCopy;

    @Option(names = "--link", description = {"hard-link the kept slices instead of copying them when DIR is on the "
            + "same file system as SRC (copies otherwise): no data is copied, but the kept files share storage "
            + "with the source, so changing one changes the other"})
    boolean link;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws IOException {
        if (link && noCopy) {
            throw new ParameterException(spec.commandLine(), "--link and --no-copy exclude each other");
        }
        SliceSelector selector = selection.selector();
        Path root = OutputFolders.resolve(src);
        Path out = output.folder();
        Path dest = OutputFolders.resolve(out); // "x/../y" with x missing must not leave x behind
        if (dest.startsWith(root)) {
            throw new CovidctException(out, "the output folder must not be inside SRC (" + src + ")");
        }
        List<Path> folders = SeriesFolders.find(root);
        if (folders.isEmpty()) {
            throw new CovidctException(src, "no series folders here (folders holding TIFF or DICOM slices)");
        }
        Progress progress = new Progress(spec.commandLine().getErr(), folders.size(), quiet.quiet());
        // every series is read and judged before anything is written: bad input leaves no output
        List<SeriesSelection> selections = folders.parallelStream().map(dir -> {
            SeriesSelection sel = selector.select(SeriesLoader.open(dir));
            progress.seriesDone(sel.series().size());
            return sel;
        }).toList();
        progress.finish();

        int kept = 0;
        int total = 0;
        Path staging = dest.resolve(OutputFolders.SELECT_STAGING + ProcessHandle.current().pid());
        List<SeriesCopy> copies = new ArrayList<>();
        for (SeriesSelection sel : selections) {
            total += sel.series().size();
            kept += sel.keptCount();
            String rel = root.relativize(sel.series().dir()).toString();
            List<Path> files = sel.kept().stream().map(SliceSource::file).toList();
            if (!files.isEmpty()) {
                copies.add(new SeriesCopy(files, staging.resolve("s" + copies.size()), dest.resolve(rel).normalize()));
            }
        }
        OutputFolders.removeLeftovers(dest); // a killed run's staging folder never stays or blocks
        int linked = noCopy ? 0 : copy(dest, copies, link);
        Path csv = dest.resolve("selection.csv");
        AtomicFiles.writeText(csv, w -> writeCsv(w, root, selections));
        if (!quiet.quiet()) {
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s rule: kept %d of %d slices in %d series; %s%n", selector.name(), kept, total,
                    selections.size(), noCopy ? "wrote " + csv
                            : (linked == 0 ? "copied them" : linked == kept ? "hard-linked them"
                            : "hard-linked " + linked + " and copied " + (kept - linked) + " of them") + " and wrote " + csv);
            o.flush();
        }
        return 0;
    }

    /**
     * Copies the kept slices into place. Each series is copied into a hidden staging folder inside DIR
     * and then renamed into place in one step when its target folder is new (one rename per series
     * instead of one per file); into an existing folder each file is renamed over its target. Either way
     * no reader ever sees half a slice, and a failure leaves no staged file behind. With {@code link},
     * the staged files are hard links to the source while the file system allows it, copies after.
     * Returns how many files were linked.
     */
    private static int copy(Path dest, List<SeriesCopy> series, boolean link) throws IOException {
        Files.createDirectories(dest);
        Path staging = dest.resolve(OutputFolders.SELECT_STAGING + ProcessHandle.current().pid());
        // cleared at the first link that fails (DIR on another file system, or one without hard links)
        AtomicBoolean linking = new AtomicBoolean(link);
        AtomicInteger linked = new AtomicInteger();
        try {
            for (SeriesCopy s : series) {
                Files.createDirectories(s.staged());
            }
            series.stream().flatMap(s -> s.files().stream().map(f -> new Path[] {f, s.staged().resolve(f.getFileName().toString())}))
                    .toList().parallelStream().forEach(c -> {
                        try {
                            if (linking.get()) {
                                try {
                                    Files.createLink(c[1], c[0]);
                                    linked.incrementAndGet();
                                    return;
                                } catch (IOException | UnsupportedOperationException notLinkable) {
                                    // another file system or none with hard links: this file and all later
                                    // ones are copied instead; the summary line says how many were linked
                                    linking.set(false);
                                }
                            }
                            Files.copy(c[0], c[1], StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException e) {
                            throw new CovidctException(c[0], "cannot copy into " + c[1].getParent() + " ("
                                    + e.getMessage() + ")", e);
                        }
                    });
            for (SeriesCopy s : series) {
                if (!Files.exists(s.target()) && !s.target().equals(dest)) {
                    Files.createDirectories(s.target().getParent());
                    AtomicFiles.move(s.staged(), s.target());
                } else {
                    Files.createDirectories(s.target());
                    for (Path f : s.files()) {
                        String name = f.getFileName().toString();
                        AtomicFiles.move(s.staged().resolve(name), s.target().resolve(name));
                    }
                }
            }
        } finally {
            deleteTree(staging);
        }
        return linked.get();
    }

    /** The kept files of one series, where they are staged and where they go. */
    private record SeriesCopy(List<Path> files, Path staged, Path target) {
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
