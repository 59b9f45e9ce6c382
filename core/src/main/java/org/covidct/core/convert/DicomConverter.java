package org.covidct.core.convert;

import org.covidct.core.CovidctException;
import org.covidct.core.io.OutputFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

/**
 * Converts a tree of DICOM files (any nesting, patients and series mixed) into the COVID-CTset layout
 * {@code <alias>/SR_<SeriesNumber>/IM%05d.tif} plus metadata.csv, keeping nothing that identifies a
 * person: aliases replace patient IDs (see {@link PatientAliases}), the mapping goes only to a file the
 * caller names, metadata.csv holds only {@link org.covidct.core.dicom.SeriesMetadata}'s whitelist, and no report line carries
 * an input path or a value read from an identifying attribute (export tools often put names and IDs
 * in file names). Each series is written to a hidden staging folder and moved into place whole.
 *
 * <p>This class holds the options and reads the headers; {@link ConversionPlan} decides what is written
 * where (from headers alone) and {@link ConversionWriter} writes it.
 */
public final class DicomConverter {

    /** Receives progress; calls may come from several threads. */
    public interface Progress {
        void begin(String task, long total);

        void step();

        void end();

        Progress NONE = new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void step() {
            }

            @Override
            public void end() {
            }
        };
    }

    /** A written series. */
    public record Converted(String alias, String folder, int slices, int width, int height, long clipped,
                           long padding) {
        public String path() {
            return alias + "/" + folder;
        }
    }

    /** A series left out, why, and enough to recognise it (no identifying value). */
    public record Skipped(String patient, Integer seriesNumber, String modality, int images, String reason) {
    }

    /** A series that failed while decoding or writing (nothing of it was kept). */
    public record Failed(String path, String problem) {
    }

    /** What a conversion did. */
    public record Report(List<Converted> converted, List<Skipped> skipped, List<Failed> failed, int patients,
                         int nonDicomFiles, int nonImageFiles, Map<String, Integer> unreadable) {
        public long slices() {
            return converted.stream().mapToLong(Converted::slices).sum();
        }

        public long clipped() {
            return converted.stream().mapToLong(Converted::clipped).sum();
        }
    }

    private final Path source;
    private final Path output;
    /** What the user typed, for messages about the output folder itself. */
    private final Path outputAsTyped;
    private final Path idMap;
    private final String aliasSalt;
    private final boolean keepPatientCharacteristics;
    private final boolean overwrite;
    private final int threads;
    private final Progress progress;

    private DicomConverter(Builder b) {
        this.source = b.source;
        // where the path really leads: "x/../y" with x missing must not create x
        this.output = OutputFolders.resolve(b.output);
        this.outputAsTyped = b.output;
        this.idMap = b.idMap;
        this.aliasSalt = b.aliasSalt;
        this.keepPatientCharacteristics = b.keepPatientCharacteristics;
        this.overwrite = b.overwrite;
        this.threads = b.threads;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a conversion. */
    public static final class Builder {
        private Path source;
        private Path output;
        private Path idMap;
        private String aliasSalt;
        private boolean keepPatientCharacteristics;
        private boolean overwrite;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Progress progress = Progress.NONE;

        /** Required: the folder searched (recursively) for DICOM files. */
        public Builder setSource(Path source) {
            this.source = source;
            return this;
        }

        /** Required: the output root (created; must be empty unless {@link #optOverwrite}). */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /** Where to write alias -> original patient ID (never written otherwise; not inside the output). */
        public Builder optIdMap(Path idMap) {
            this.idMap = idMap;
            return this;
        }

        /** A secret that fixes the alias order across runs (default: derived from all IDs of the run). */
        public Builder optAliasSalt(String salt) {
            this.aliasSalt = salt;
            return this;
        }

        /** PS3.15 Retain Patient Characteristics Option: sex and age columns in metadata.csv. */
        public Builder optKeepPatientCharacteristics(boolean keep) {
            this.keepPatientCharacteristics = keep;
            return this;
        }

        /** Replace series folders that already exist in a non-empty output. */
        public Builder optOverwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        public Builder optProgress(Progress progress) {
            this.progress = progress == null ? Progress.NONE : progress;
            return this;
        }

        public DicomConverter build() {
            if (source == null || output == null) {
                throw new IllegalStateException("source and output are required");
            }
            return new DicomConverter(this);
        }
    }

    public Report convert() {
        checkPaths();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return run(pool);
        } finally {
            pool.shutdown();
        }
    }

    private void checkPaths() {
        if (!Files.isDirectory(source)) {
            throw new CovidctException(source, "not a folder");
        }
        Path out = output;
        Path src = OutputFolders.resolve(source);
        if (out.startsWith(src) || src.startsWith(out)) {
            throw new CovidctException(outputAsTyped, "the output must not be inside the source folder or contain it");
        }
        if (idMap != null && OutputFolders.resolve(idMap).startsWith(out)) {
            throw new CovidctException(idMap, "the ID map holds identifying values: write it outside the output tree");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CovidctException(outputAsTyped, "exists and is not a folder");
        }
        // what a killed run left (staging folders of dead processes) never blocks the rerun
        OutputFolders.removeConversionLeftovers(output);
        if (!overwrite && Files.isDirectory(output)) {
            try (Stream<Path> s = Files.list(output)) {
                if (s.findAny().isPresent()) {
                    throw new CovidctException(outputAsTyped, "exists and is not empty (use --overwrite to replace the"
                            + " series it holds)");
                }
            } catch (IOException e) {
                throw new CovidctException(outputAsTyped, "cannot list folder (" + e.getMessage() + ")", e);
            }
        }
    }

    private Report run(ForkJoinPool pool) {
        // 1. find files and read their headers (never pixels)
        SourceScan scan = SourceScan.run(source, pool, progress);

        // 2. patients, series, aliases and output folders, from the headers alone
        ConversionPlan plan = ConversionPlan.of(source, scan.images(), aliasSalt);

        // 3. decode and write every slice, series staged in hidden folders
        ConversionWriter writer = new ConversionWriter(output, progress);
        writer.prepareOutput();
        ConversionWriter.Written written = writer.writeSeries(pool, plan.series());

        // 4. metadata and the ID map, each written atomically
        ConversionWriter.writeCsv(output.resolve("metadata.csv"),
                plan.metadataRows(written.converted(), keepPatientCharacteristics));
        if (idMap != null) {
            ConversionWriter.writeCsv(idMap, plan.idMapRows());
        }
        return new Report(written.converted(), plan.skipped(), written.failed(), plan.aliases().size(),
                scan.nonDicom(), scan.nonImage(), scan.unreadable());
    }

    /** The problem of an exception about an input file, without the file's path. */
    static String withoutPath(CovidctException e) {
        String m = e.getMessage();
        Path f = e.file();
        if (f == null) {
            return m;
        }
        if (m.startsWith(f + ": ")) {
            m = m.substring(f.toString().length() + 2);
        }
        // an I/O message may quote the path again; the name may carry a patient's name or ID
        return m.replace(f.toString(), "<file>").replace(f.getFileName().toString(), "<file>");
    }

    /** Runs {@code work} in {@code pool} (parallel streams inside it use the pool's threads). */
    static <T> T inPool(ForkJoinPool pool, Callable<T> work) {
        try {
            return pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CovidctException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

}
