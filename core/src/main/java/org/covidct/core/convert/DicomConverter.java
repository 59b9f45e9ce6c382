package org.covidct.core.convert;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomImage;
import org.covidct.core.dicom.SeriesMetadata;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Converts a tree of DICOM files (any nesting, patients and series mixed) into the COVID-CTset layout
 * {@code <alias>/SR_<SeriesNumber>/IM%05d.tif} plus metadata.csv, keeping nothing that identifies a
 * person: aliases replace patient IDs (see {@link PatientAliases}), the mapping goes only to a file the
 * caller names, metadata.csv holds only {@link SeriesMetadata}'s whitelist, and no report line carries
 * an input path or a value read from an identifying attribute (export tools often put names and IDs
 * in file names). Each series is written to a hidden staging folder and moved into place whole.
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
    private final Path idMap;
    private final String aliasSalt;
    private final boolean keepPatientCharacteristics;
    private final boolean overwrite;
    private final int threads;
    private final Progress progress;

    private DicomConverter(Builder b) {
        this.source = b.source;
        this.output = b.output;
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

    /** One series to write: where, and its slices in sweep order. */
    private record Plan(String alias, String folder, Series series, DicomHeader first) {
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
        Path out = output.toAbsolutePath().normalize();
        Path src = source.toAbsolutePath().normalize();
        if (out.startsWith(src) || src.startsWith(out)) {
            throw new CovidctException(output, "the output must not be inside the source folder or contain it");
        }
        if (idMap != null && idMap.toAbsolutePath().normalize().startsWith(out)) {
            throw new CovidctException(idMap, "the ID map holds identifying values: write it outside the output tree");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CovidctException(output, "exists and is not a folder");
        }
        if (!overwrite && Files.isDirectory(output)) {
            try (Stream<Path> s = Files.list(output)) {
                if (s.findAny().isPresent()) {
                    throw new CovidctException(output, "exists and is not empty (use --overwrite to replace the"
                            + " series it holds)");
                }
            } catch (IOException e) {
                throw new CovidctException(output, "cannot list folder (" + e.getMessage() + ")", e);
            }
        }
    }

    private Report run(ForkJoinPool pool) {
        // 1. find files and read their headers (never pixels)
        Map<String, Integer> unreadable = new TreeMap<>();
        List<Path> files = listFiles(unreadable);
        progress.begin("scan", files.size());
        Object[] scanned = inPool(pool, () -> files.parallelStream().map(f -> {
            Object r = scan(f);
            progress.step();
            return r;
        }).toArray());
        progress.end();
        int nonDicom = 0;
        int nonImage = 0;
        List<DicomSeries.Slice> images = new ArrayList<>();
        for (Object o : scanned) {
            if (o == null) {
                nonDicom++;
            } else if (o instanceof String problem) {
                unreadable.merge(problem, 1, Integer::sum);
            } else {
                DicomSeries.Slice sl = (DicomSeries.Slice) o;
                if (sl.header().hasPixelData()) {
                    images.add(sl);
                } else {
                    nonImage++;
                }
            }
        }

        // 2. group into patients and series, choose the axial CT image series
        Map<String, Map<String, List<DicomSeries.Slice>>> byPatient = new TreeMap<>();
        for (DicomSeries.Slice s : images) {
            byPatient.computeIfAbsent(patientKey(s.header()), k -> new TreeMap<>())
                    .computeIfAbsent(seriesKey(s.header()), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<Series>> eligible = new TreeMap<>();
        List<Object[]> skippedRaw = new ArrayList<>(); // patient key, series, reason
        for (var p : byPatient.entrySet()) {
            for (List<DicomSeries.Slice> group : p.getValue().values()) {
                Series series = DicomSeries.toSeries(source, group);
                String reason = ineligibility(group);
                if (reason == null) {
                    eligible.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(series);
                } else {
                    skippedRaw.add(new Object[] {p.getKey(), series, reason});
                }
            }
        }
        Map<String, String> aliases = PatientAliases.assign(eligible.keySet(), aliasSalt);
        String salt = aliasSalt != null ? aliasSalt : PatientAliases.defaultSalt(new java.util.TreeSet<>(aliases.keySet()));
        List<Plan> plans = new ArrayList<>();
        for (var a : aliases.entrySet()) {
            plans.addAll(planPatient(a.getValue(), eligible.get(a.getKey()), salt));
        }
        plans.sort(Comparator.comparing((Plan p) -> Integer.parseInt(p.alias().substring("patient".length())))
                .thenComparing(Plan::folder));
        List<Skipped> skipped = new ArrayList<>();
        for (Object[] s : skippedRaw) {
            Series series = (Series) s[1];
            DicomHeader h = DicomSeries.headerOf(series.slices().get(0));
            String alias = aliases.getOrDefault((String) s[0], "a patient without axial CT series");
            skipped.add(new Skipped(alias, h.seriesNumber(), h.modality() == null ? "?"
                    : TransferSyntax.printable(h.modality()), series.size(), (String) s[2]));
        }
        skipped.sort(Comparator.comparing(Skipped::patient).thenComparing(Skipped::seriesNumber,
                Comparator.nullsLast(Comparator.naturalOrder())));

        // 3. decode and write every slice, series staged in hidden folders
        prepareOutput();
        List<Converted> converted = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        writeAll(pool, plans, converted, failed);

        // 4. metadata and the ID map, each written atomically
        writeMetadata(plans, converted);
        if (idMap != null) {
            writeIdMap(aliases);
        }
        return new Report(converted, skipped, failed, aliases.size(), nonDicom, nonImage, unreadable);
    }

    /**
     * Regular, non-hidden files below the source, sorted; entries that cannot be opened (permissions,
     * link loops) are counted as problems, not named: a folder name may be a patient's name.
     */
    private List<Path> listFiles(Map<String, Integer> unreadable) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(source, java.util.EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            boolean hidden = !dir.equals(source) && dir.getFileName().toString().startsWith(".");
                            return hidden ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                                    : java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path file,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                                files.add(file);
                            }
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                            unreadable.merge("cannot open (" + e.getClass().getSimpleName() + ")", 1, Integer::sum);
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new CovidctException(source, "cannot walk folder (" + e.getClass().getSimpleName() + ")", e);
        }
        files.sort(null);
        return files;
    }

    /** A Slice, null (not DICOM) or the problem without the file name. */
    private static Object scan(Path f) {
        if (!DicomFile.looksLikeDicom(f)) {
            return null;
        }
        try {
            return new DicomSeries.Slice(f, DicomFile.readHeader(f).compact());
        } catch (CovidctException e) {
            return withoutPath(e);
        }
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

    private static String patientKey(DicomHeader h) {
        String id = h.patientId();
        if (id != null) {
            return "id:" + id;
        }
        String study = h.studyInstanceUid();
        return study != null ? "study:" + study : "unknown";
    }

    private static String seriesKey(DicomHeader h) {
        String uid = h.seriesInstanceUid();
        return uid != null ? uid : "study:" + h.studyInstanceUid() + ":number:" + h.seriesNumber();
    }

    /** Why a series is not converted, or null when it is an axial CT image series. */
    private static String ineligibility(List<DicomSeries.Slice> group) {
        DicomHeader first = group.get(0).header();
        if (!"CT".equals(first.modality())) {
            return "not CT";
        }
        for (DicomSeries.Slice s : group) {
            String sopClass = s.header().sopClassUid();
            if (sopClass != null && !s.header().isCtImageStorage()) {
                return "not a CT image object (SOP class " + TransferSyntax.printable(sopClass) + ")";
            }
            if ("YES".equalsIgnoreCase(s.header().attributes().string(Tag.BURNED_IN_ANNOTATION))) {
                return "burned-in annotation (text in the pixels may identify the patient)";
            }
            List<String> type = s.header().imageType();
            if (type.contains("LOCALIZER") || type.contains("SCOUT") || type.contains("TOPOGRAM")) {
                return "localizer/scout";
            }
            if (!s.header().isAxial()) {
                return "not axial";
            }
            if (s.header().rows() != first.rows() || s.header().columns() != first.columns()) {
                return "slices of different sizes";
            }
        }
        return null;
    }

    private List<Plan> planPatient(String alias, List<Series> series, String salt) {
        // same SeriesNumber twice (two studies): the first by salted UID hash keeps SR_n, the others SR_n_2...
        Map<String, List<Series>> byFolder = new TreeMap<>();
        for (Series s : series) {
            byFolder.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s);
        }
        List<Plan> out = new ArrayList<>();
        for (var e : byFolder.entrySet()) {
            List<Series> same = new ArrayList<>(e.getValue());
            same.sort(Comparator.comparing(s -> PatientAliases.sha256(salt + "\n"
                    + DicomSeries.headerOf(s.slices().get(0)).seriesInstanceUid())));
            for (int i = 0; i < same.size(); i++) {
                Series s = same.get(i);
                out.add(new Plan(alias, i == 0 ? e.getKey() : e.getKey() + "_" + (i + 1), s,
                        DicomSeries.headerOf(s.slices().get(0))));
            }
        }
        return out;
    }

    private void prepareOutput() {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new CovidctException(output, "cannot create folder (" + e.getMessage() + ")", e);
        }
    }

    private void writeAll(ForkJoinPool pool, List<Plan> plans, List<Converted> converted, List<Failed> failed) {
        record Task(int plan, int index) {
        }
        List<Task> tasks = new ArrayList<>();
        Path[] staging = new Path[plans.size()];
        LongAdder[] clipped = new LongAdder[plans.size()];
        LongAdder[] padding = new LongAdder[plans.size()];
        Map<Integer, String> problems = new ConcurrentHashMap<>();
        for (int p = 0; p < plans.size(); p++) {
            Plan plan = plans.get(p);
            Path patientDir = output.resolve(plan.alias());
            try {
                Files.createDirectories(patientDir);
                staging[p] = Files.createTempDirectory(patientDir, "." + plan.folder() + ".");
                AtomicFiles.makeReadable(staging[p]);
            } catch (IOException e) {
                throw new CovidctException(patientDir, "cannot create folder (" + e.getMessage() + ")", e);
            }
            clipped[p] = new LongAdder();
            padding[p] = new LongAdder();
            for (int i = 0; i < plan.series().size(); i++) {
                tasks.add(new Task(p, i));
            }
        }
        progress.begin("convert", tasks.size());
        try {
            inPool(pool, () -> {
                tasks.parallelStream().forEach(t -> {
                    if (!problems.containsKey(t.plan())) {
                        SliceSource src = plans.get(t.plan()).series().slices().get(t.index());
                        String name = String.format("IM%05d.tif", t.index() + 1);
                        try {
                            DicomImage.Conversion c = DicomFile.read(src.file()).toCovidCt(name);
                            TiffSlices.write(staging[t.plan()].resolve(name), c.slice(), TiffSlices.Compression.LZW);
                            clipped[t.plan()].add(c.clipped());
                            padding[t.plan()].add(c.padding());
                        } catch (CovidctException e) {
                            problems.putIfAbsent(t.plan(), "slice " + (t.index() + 1) + " of "
                                    + plans.get(t.plan()).series().size() + ": " + withoutPath(e));
                        }
                    }
                    progress.step();
                });
                return null;
            });
        } finally {
            progress.end();
        }
        for (int p = 0; p < plans.size(); p++) {
            Plan plan = plans.get(p);
            Path target = output.resolve(plan.alias()).resolve(plan.folder());
            String problem = problems.get(p);
            if (problem == null) {
                try {
                    if (Files.exists(target)) {
                        deleteTree(target); // only reachable with overwrite: the output was checked empty
                    }
                    Files.move(staging[p], target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    problem = "cannot move the finished series into place (" + e.getMessage() + ")";
                }
            }
            if (problem != null) {
                deleteTree(staging[p]);
                failed.add(new Failed(plan.alias() + "/" + plan.folder(), problem));
                continue;
            }
            converted.add(new Converted(plan.alias(), plan.folder(), plan.series().size(), plan.first().columns(),
                    plan.first().rows(), clipped[p].sum(), padding[p].sum()));
        }
        // patient folders left empty by failed series
        for (Plan plan : plans) {
            Path dir = output.resolve(plan.alias());
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            } catch (IOException ignored) {
                // already removed, or not empty
            }
        }
    }

    private void writeMetadata(List<Plan> plans, List<Converted> converted) {
        Map<String, Converted> done = new LinkedHashMap<>();
        converted.forEach(c -> done.put(c.path(), c));
        Path file = output.resolve("metadata.csv");
        try {
            AtomicFiles.writeText(file, w -> {
                csvRow(w, SeriesMetadata.header(keepPatientCharacteristics));
                for (Plan p : plans) {
                    Converted c = done.get(p.alias() + "/" + p.folder());
                    if (c == null) {
                        continue;
                    }
                    List<String> row = new ArrayList<>(List.of(p.alias(), p.folder(), Integer.toString(c.slices()),
                            spacing(p.series()), Long.toString(c.clipped()), Long.toString(c.padding()),
                            TransferSyntax.printable(p.first().transferSyntaxUid())));
                    row.addAll(SeriesMetadata.values(p.first(), keepPatientCharacteristics));
                    csvRow(w, row);
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Median distance between neighbouring slice positions (mm), empty when positions are missing. */
    private static String spacing(Series s) {
        List<Double> pos = new ArrayList<>();
        for (SliceSource src : s.slices()) {
            Double p = DicomSeries.headerOf(src).positionAlongNormal();
            if (p == null) {
                return "";
            }
            pos.add(p);
        }
        if (pos.size() < 2) {
            return "";
        }
        double[] d = IntStream.range(1, pos.size()).mapToDouble(i -> Math.abs(pos.get(i) - pos.get(i - 1))).sorted()
                .toArray();
        double m = d[d.length / 2];
        return String.format(java.util.Locale.ROOT, "%.3f", m);
    }

    private void writeIdMap(Map<String, String> aliases) {
        try {
            AtomicFiles.writeText(idMap, w -> {
                csvRow(w, List.of("alias", "patient_id", "key"));
                for (var e : aliases.entrySet()) {
                    String key = e.getKey();
                    String id = key.startsWith("id:") ? key.substring(3) : "";
                    csvRow(w, List.of(e.getValue(), id, key));
                }
            });
        } catch (IOException e) {
            throw new CovidctException(idMap, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static void csvRow(Writer w, List<String> cells) throws IOException {
        w.write(cells.stream().map(DicomConverter::csvCell).collect(Collectors.joining(",")));
        w.write('\n');
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot remove (" + e.getMessage() + ")", e);
        }
    }

    private static <T> T inPool(ForkJoinPool pool, java.util.concurrent.Callable<T> work) {
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
