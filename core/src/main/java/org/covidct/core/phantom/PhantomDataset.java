package org.covidct.core.phantom;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetail;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.image.Crops;
import org.covidct.core.image.CtSlice;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.selection.ReferenceSelector;
import org.covidct.core.selection.SelectionWindow;
import org.covidct.core.split.FoldSplitter;
import org.covidct.core.split.FoldTable;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes a synthetic cohort in the COVID-CTset layouts:
 * <pre>
 * DIR/full/&lt;group&gt;/&lt;patientN&gt;/SR_k/IMnnnnn.tif   every slice of every series (16-bit LZW TIFF as OpenCV writes)
 * DIR/Patient_details.csv                          the published columns
 * DIR/flat/&lt;group&gt;_&lt;patientN&gt;_SR_k_IMnnnnn.tif   the "expert-selected" slices
 * DIR/all.csv                                      filename,class of the flat slices
 * DIR/folds/train{k}.csv, validation{k}.csv, test{k}.csv, folds.md   patient-wise folds
 * DIR/lesions.csv                                  ground truth: lesion pixels of every COVID slice
 * </pre>
 * Expert selection is imitated as in the published set: a COVID patient contributes the slices of any
 * series that show a lesion, a normal patient the SR_2 slices the reference rule keeps (lung open).
 */
public final class PhantomDataset {

    public static final String COVID_GROUP = "synthcovid";
    public static final String NORMAL_GROUP = "synthnormal";
    /** At most this many lesion-bearing slices of a COVID series go to the flat folder. */
    public static final int COVID_SLICES_PER_SERIES = 8;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    /** What was written. */
    public record Summary(int patients, int covidPatients, int slices, int flatCovid, int flatNormal,
                          boolean foldsWritten, String foldTable) {
    }

    private final PhantomGenerator generator;
    private final int patients;
    private final int folds;
    private final Consumer<String> progress;

    private PhantomDataset(Builder b) {
        this.generator = b.generator;
        this.patients = b.patients;
        this.folds = b.folds;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The group folder of a patient: its name holds the class, as the real group names do. */
    public static String group(PhantomPatient p) {
        return p.covid() ? COVID_GROUP : NORMAL_GROUP;
    }

    /** Smallest lesion (pixels at this size) that makes a COVID slice "expert-selected": 0.05% of the image. */
    static int minLesionPixels(int size) {
        return Math.max(1, (int) Math.round(size * (double) size * 0.0005));
    }

    /** Writes the cohort into {@code dir}, which must be missing or empty. */
    public Summary write(Path dir) {
        refuseNonEmpty(dir);
        Path full = dir.resolve("full");
        Path flat = dir.resolve("flat");
        List<PatientDetail> details = new ArrayList<>();
        List<LabelledSlice> all = new ArrayList<>();
        StringBuilder lesionCsv = new StringBuilder("filename,lesion_pixels,lesions\r\n");
        int slices = 0;
        int covidPatients = 0;
        int flatCovid = 0;
        int flatNormal = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < patients; i++) {
            PhantomPatient p = generator.patient(i);
            String group = group(p);
            ClassLabel label = p.covid() ? ClassLabel.COVID : ClassLabel.NORMAL;
            covidPatients += p.covid() ? 1 : 0;
            Map<String, Double> thickness = new LinkedHashMap<>();
            p.series().forEach(s -> thickness.put(s.name(), s.thicknessMm()));
            details.add(new PatientDetail(p.id(), String.valueOf(p.sex()), String.format(Locale.ROOT, "%03dY", p.age()),
                    DATE.format(p.studyDate()), label, thickness));
            for (int k = 0; k < p.series().size(); k++) {
                PhantomSeries s = p.series().get(k);
                Path seriesDir = full.resolve(group).resolve(p.id()).resolve(s.name());
                SliceFacts[] facts = renderSeries(p, k, seriesDir);
                slices += facts.length;
                boolean[] selected = p.covid() ? lesionPicks(facts, minLesionPixels(p.size()))
                        : k == 0 ? referenceKeeps(facts) : new boolean[facts.length];
                for (int j = 0; j < facts.length; j++) {
                    String image = PhantomSeries.fileName(j).replace(".tif", "");
                    FlatName name = new FlatName(group, p.id(), s.name(), image);
                    if (p.covid()) {
                        lesionCsv.append(name.fileName()).append(',').append(facts[j].lesionPixels).append(',')
                                .append(facts[j].lesionCount).append("\r\n");
                    }
                    if (selected[j]) {
                        copy(seriesDir.resolve(PhantomSeries.fileName(j)), flat.resolve(name.fileName()));
                        all.add(new LabelledSlice(name.fileName(), label));
                        if (p.covid()) {
                            flatCovid++;
                        } else {
                            flatNormal++;
                        }
                    }
                }
            }
            progress.accept(String.format(Locale.ROOT, "synth: %d/%d %s (%s) %d slices so far, %.1f slices/s",
                    i + 1, patients, p.id(), label.csvName(), slices, slices / ((System.nanoTime() - t0) / 1e9)));
        }
        PatientDetails table = PatientDetails.of(List.of("SR_2", "SR_3", "SR_4"), details);
        table.write(dir.resolve("Patient_details.csv"));
        FoldCsv.write(dir.resolve("all.csv"), all);
        writeString(dir.resolve("lesions.csv"), lesionCsv.toString());
        boolean foldsWritten = false;
        String foldTable = null;
        int normalPatients = patients - covidPatients;
        if (covidPatients >= folds && normalPatients > 0 && folds >= 2) {
            // small cohorts: each normal patient's slices are a large step against the COVID fitting total, so
            // the 10% balance may be out of reach for one draw order; try other draw orders, then looser balance
            List<FoldSet> result = null;
            String how = null;
            String lastProblem = null;
            for (double tolerance : new double[] {0.1, 0.2, 0.35}) {
                for (int attempt = 0; attempt < 25 && result == null; attempt++) {
                    long splitSeed = generator.seed() + attempt;
                    FoldSplitter splitter = FoldSplitter.builder().optFolds(folds).optSeed(splitSeed)
                            .optBalanceTolerance(tolerance).build();
                    try {
                        result = splitter.split(all, dir.resolve("all.csv"), table, dir.resolve("Patient_details.csv"));
                        how = "split seed " + splitSeed + ", balance tolerance " + tolerance;
                    } catch (CovidctException e) {
                        lastProblem = e.getMessage();
                    }
                }
                if (result != null) {
                    if (tolerance > 0.1) {
                        progress.accept("synth: warning: normal and COVID fitting images balanced within "
                                + Math.round(tolerance * 100) + "% only (too few patients for 10%)");
                    }
                    break;
                }
            }
            if (result == null) {
                progress.accept("synth: warning: no fold CSVs written: " + lastProblem);
                return new Summary(patients, covidPatients, slices, flatCovid, flatNormal, false, null);
            }
            Path foldDir = dir.resolve("folds");
            SplitDirectory.write(foldDir, result);
            foldTable = FoldTable.of(result).toMarkdown();
            writeString(foldDir.resolve("folds.md"), "covidct synth --seed " + generator.seed() + " --patients "
                    + patients + " (" + how + ")\n\n" + foldTable);
            foldsWritten = true;
        } else {
            progress.accept("synth: warning: " + covidPatients + " COVID and " + normalPatients
                    + " normal patients are too few for " + folds + " folds; no fold CSVs written");
        }
        return new Summary(patients, covidPatients, slices, flatCovid, flatNormal, foldsWritten, foldTable);
    }

    /** Per slice what the flat selection needs. */
    record SliceFacts(int darkCount, int lesionPixels, int lesionCount) {
    }

    private static SliceFacts[] renderSeries(PhantomPatient p, int seriesIndex, Path seriesDir) {
        PhantomSeries s = p.series().get(seriesIndex);
        SliceFacts[] facts = new SliceFacts[s.sliceCount()];
        IntStream.range(0, s.sliceCount()).parallel().forEach(j -> {
            PhantomSlice ps = p.render(seriesIndex, j);
            Path file = seriesDir.resolve(PhantomSeries.fileName(j));
            TiffSlices.write(file, ps.slice(), TiffSlices.Compression.LZW);
            facts[j] = new SliceFacts(darkCount(ps.slice()), ps.lesionPixels(), distinctLesions(ps.lesionMask()));
        });
        return facts;
    }

    /** The reference rule's dark count (REFERENCE section 2), window scaled for sizes other than 512. */
    static int darkCount(CtSlice slice) {
        return ReferenceSelector.countDark(Crops.crop(slice, SelectionWindow.forSize(slice.width(), slice.height())));
    }

    /**
     * Up to {@link #COVID_SLICES_PER_SERIES} lesion-bearing slices of a series, evenly spread over them:
     * the published experts picked about 8 slices per COVID series (2,282 from 95 patients' 3 series).
     */
    static boolean[] lesionPicks(SliceFacts[] facts, int minPixels) {
        List<Integer> bearing = new ArrayList<>();
        for (int j = 0; j < facts.length; j++) {
            if (facts[j].lesionPixels >= minPixels) {
                bearing.add(j);
            }
        }
        boolean[] pick = new boolean[facts.length];
        int n = Math.min(COVID_SLICES_PER_SERIES, bearing.size());
        for (int m = 0; m < n; m++) {
            pick[bearing.get((int) ((m + 0.5) * bearing.size() / n))] = true;
        }
        return pick;
    }

    private static boolean[] referenceKeeps(SliceFacts[] facts) {
        int[] counts = new int[facts.length];
        for (int i = 0; i < facts.length; i++) {
            counts[i] = facts[i].darkCount;
        }
        double threshold = ReferenceSelector.threshold(counts);
        boolean[] keep = new boolean[facts.length];
        for (int i = 0; i < facts.length; i++) {
            keep[i] = counts[i] > threshold;
        }
        return keep;
    }

    private static int distinctLesions(byte[] mask) {
        long seen = 0;
        for (byte b : mask) {
            if (b > 0 && b < 64) {
                seen |= 1L << b;
            }
        }
        return Long.bitCount(seen);
    }

    private static void refuseNonEmpty(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new CovidctException(dir, "is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new CovidctException(dir, "is not empty (synth writes a new dataset; choose a new folder)");
                }
            } catch (IOException e) {
                throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            AtomicFiles.write(to, out -> Files.copy(from, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Options of a {@link PhantomDataset}: generator and patient count are required. */
    public static final class Builder {
        private PhantomGenerator generator;
        private int patients = -1;
        private int folds = 5;
        private Consumer<String> progress = s -> { };

        private Builder() {
        }

        public Builder setGenerator(PhantomGenerator generator) {
            this.generator = generator;
            return this;
        }

        public Builder setPatients(int patients) {
            if (patients < 1) {
                throw new IllegalArgumentException("patients must be at least 1, not " + patients);
            }
            this.patients = patients;
            return this;
        }

        /** Folds of the split written beside the flat slices (default 5). */
        public Builder optFolds(int folds) {
            if (folds < 2) {
                throw new IllegalArgumentException("folds must be at least 2, not " + folds);
            }
            this.folds = folds;
            return this;
        }

        /** Receives one line per patient written (and warnings). */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public PhantomDataset build() {
            if (generator == null || patients < 1) {
                throw new IllegalStateException("PhantomDataset needs setGenerator and setPatients");
            }
            return new PhantomDataset(this);
        }
    }
}
