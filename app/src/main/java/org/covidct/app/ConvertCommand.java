package org.covidct.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.covidct.core.CovidctException;
import org.covidct.core.convert.DicomConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code covidct convert}: DICOM files to the COVID-CTset TIFF layout, without identifying values. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {
                "Converts DICOM CT files (any nesting, patients and series mixed) into the COVID-CTset layout "
                        + "OUT/<patientN>/SR_<SeriesNumber>/IM00001.tif... (16-bit TIFF, LZW; value = stored*slope "
                        + "+ intercept + 1024, clipped to 0..65535) with DIR/metadata.csv.",
                "Only axial CT image series are converted; localizers and other modalities are listed and skipped.",
                "No identifying value (names, IDs, dates, UIDs, institution...; DICOM PS3.15 Basic Profile) reaches "
                        + "the output or this command's messages; the alias -> patient ID map is written only "
                        + "to the file given with --id-map. See docs/DICOM.md."})
public final class ConvertCommand implements Callable<Integer> {

    /** Inputs with at least this many files or slices get a progress bar. */
    static final int PROGRESS_THRESHOLD = 50;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "Folder holding DICOM files (searched recursively).")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder (created; must be empty unless --overwrite).")
    Path out;

    @Option(names = "--id-map", paramLabel = "FILE",
            description = "Write alias,patient_id to FILE (identifying: keep it apart; not allowed inside DIR).")
    Path idMap;

    @Option(names = "--alias-salt", paramLabel = "SECRET",
            description = "Secret that fixes the alias order across runs (default: derived from all IDs of the run).")
    String aliasSalt;

    @Option(names = "--keep-patient-characteristics",
            description = "Add PatientSex and PatientAge to metadata.csv (PS3.15 Retain Patient Characteristics "
                    + "Option; ages over 89 become 090Y+).")
    boolean keepPatientCharacteristics;

    @Option(names = "--overwrite", description = "Replace series folders of a non-empty DIR.")
    boolean overwrite;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        DicomConverter.Builder b = DicomConverter.builder().setSource(source).setOutput(out).optIdMap(idMap)
                .optAliasSalt(aliasSalt).optKeepPatientCharacteristics(keepPatientCharacteristics)
                .optOverwrite(overwrite).optProgress(noProgress ? DicomConverter.Progress.NONE : new Bar());
        if (threads != null) {
            b.optThreads(threads);
        }
        DicomConverter.Report r = b.build().convert();
        print(o, r);
        o.flush();
        if (!r.failed().isEmpty()) {
            throw new CovidctException(r.failed().size() + " series could not be converted (listed above);"
                    + " the others are complete in " + out);
        }
        if (r.converted().isEmpty()) {
            throw new CovidctException(source, "no axial CT image series found to convert");
        }
        return 0;
    }

    private void print(PrintWriter o, DicomConverter.Report r) {
        o.printf("converted %d series (%d slices) of %d patients into %s%n", r.converted().size(), r.slices(),
                r.patients(), out);
        for (DicomConverter.Converted c : r.converted()) {
            o.printf("  %s: %d slices of %dx%d, %d values clipped, %d padding pixels set to 0%n", c.path(), c.slices(),
                    c.width(), c.height(), c.clipped(), c.padding());
        }
        if (r.clipped() > 0) {
            o.printf("%d values fell outside 0..65535 and were clipped%n", r.clipped());
        }
        if (!r.skipped().isEmpty()) {
            o.printf("skipped %d series (only axial CT image series are converted):%n", r.skipped().size());
            for (DicomConverter.Skipped s : r.skipped()) {
                o.printf("  %s, series %s: %s (%s, %d images)%n", s.patient(),
                        s.seriesNumber() == null ? "without number" : s.seriesNumber(), s.reason(), s.modality(),
                        s.images());
            }
        }
        for (DicomConverter.Failed f : r.failed()) {
            o.printf("FAILED %s: %s%n", f.path(), f.problem());
        }
        if (r.nonDicomFiles() > 0 || r.nonImageFiles() > 0) {
            o.printf("ignored %d files that are not DICOM and %d DICOM files without an image%n", r.nonDicomFiles(),
                    r.nonImageFiles());
        }
        if (!r.unreadable().isEmpty()) {
            int n = r.unreadable().values().stream().mapToInt(Integer::intValue).sum();
            // file names are not shown: export tools often put patient names or IDs in them
            o.printf("%d DICOM files or folders could not be read (names not shown):%n", n);
            for (Map.Entry<String, Integer> e : r.unreadable().entrySet()) {
                o.printf("  %d x %s%n", e.getValue(), e.getKey());
            }
        }
        if (idMap != null) {
            o.printf("alias -> patient ID map: %s%n", idMap);
        }
    }

    /** A console progress bar on stderr, shown only for inputs of some size. */
    private static final class Bar implements DicomConverter.Progress {
        private ProgressBar bar;

        @Override
        public synchronized void begin(String task, long total) {
            if (total >= PROGRESS_THRESHOLD) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
        }

        @Override
        public void step() {
            ProgressBar b = bar;
            if (b != null) {
                b.step();
            }
        }

        @Override
        public synchronized void end() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
