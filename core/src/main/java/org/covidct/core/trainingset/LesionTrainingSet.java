package org.covidct.core.trainingset;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.LabelledSeries;
import org.covidct.core.labels.PersonClass;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.lesion.FindingSynthesizer;
import org.covidct.core.lesion.LungCanvas;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.lung.LungMask;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes a training set of real and phantom backgrounds with synthetic findings (see the package description).
 *
 * <p>For every background slice with at least {@code minLungCm2} of lung and every pair index v: a negative (the
 * slice untouched for v = 0, later ones with look-alikes: dependent density, atelectasis bands and, when enabled,
 * lobar consolidation of a bacterial pneumonia) and a positive (one to four COVID-pattern lesions, sometimes with
 * look-alikes too), each with its lesion mask in {@code masks/} (empty for negatives). A COVID person's slices that
 * the radiologists marked infected are positives as they are (listed {@code pairs} times, no mask: where their
 * lesions lie is not known to the pixel); another pneumonia's infected slices are left out (neither clean lung nor
 * COVID). Deterministic: every random choice is a function of (seed, person, slice, pair).
 */
public final class LesionTrainingSet {

    /** What was written. */
    public record Summary(int files, int train, int validation, int positives, int negatives, int realPositives,
                          Map<String, Integer> backgroundsPerPerson) {
    }

    /**
     * Phantom persons of a generator: normal ones are backgrounds for synthetic lesions like real clean slices; a
     * COVID one's slices with lesions are positives with the generator's own lesion masks, and their lesion-free
     * twins (same anatomy and noise) backgrounds.
     *
     * @param generator          the phantom generator (its seed and size)
     * @param trainPersons       person indices for training
     * @param validationPersons  person indices for validation
     */
    public record Phantoms(PhantomGenerator generator, List<Integer> trainPersons, List<Integer> validationPersons) {

        /** {@code train} then {@code validation} normal persons of a new generator: backgrounds only. */
        public static Phantoms normals(int train, int validation, int size, long seed) {
            PhantomGenerator gen = PhantomGenerator.builder().setSeed(seed).optSize(size).optCovidFraction(0)
                    .optThicknesses(2, 5, 5).build();
            return new Phantoms(gen, IntStream.range(0, train).boxed().toList(),
                    IntStream.range(train, train + validation).boxed().toList());
        }
    }

    private final Path out;
    private final long seed;
    private final List<LabelledSeries> real;
    private final Phantoms phantoms;
    private final int pairs;
    private final double minLungCm2;
    private final boolean lobarNegatives;
    private final double validationShare;
    private final FindingSynthesizer synthesizer;
    private final Consumer<String> log;

    private LesionTrainingSet(Builder b) {
        this.out = b.out;
        this.seed = b.seed;
        this.real = List.copyOf(b.real);
        this.phantoms = b.phantoms;
        this.pairs = b.pairs;
        this.minLungCm2 = b.minLungCm2;
        this.lobarNegatives = b.lobarNegatives;
        this.validationShare = b.validationShare;
        this.synthesizer = b.synthesizer;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Summary write() {
        Path flat = out.resolve("flat");
        Path masks = flat.resolve("masks");
        try {
            if (Files.exists(out) && !isEmptyDir(out)) {
                throw new CovidctException(out, "exists and is not empty");
            }
            Files.createDirectories(masks);
        } catch (IOException e) {
            throw new CovidctException(out, "cannot create (" + e.getMessage() + ")", e);
        }
        List<LabelledSlice> train = Collections.synchronizedList(new ArrayList<>());
        List<LabelledSlice> validation = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> perPerson = new LinkedHashMap<>();
        int[] counts = new int[4]; // files, positives, negatives, real positives
        int personIndex = 0;
        for (LabelledSeries s : real) {
            List<Background> bg = realBackgrounds(s, personIndex++);
            perPerson.put(s.name(), bg.size());
            emit(bg, flat, masks, train, validation, counts);
            log.accept(s.name() + ": " + bg.size() + " slices read");
        }
        if (phantoms != null) {
            for (List<Integer> persons : List.of(phantoms.trainPersons(), phantoms.validationPersons())) {
                boolean isValidation = persons == phantoms.validationPersons();
                for (int i : persons) {
                    PhantomPatient p = phantoms.generator().patient(i);
                    List<Background> bg = phantomBackgrounds(p, isValidation, flat, masks,
                            isValidation ? validation : train, counts);
                    perPerson.put(p.id(), bg.size());
                    emit(bg, flat, masks, train, validation, counts);
                }
            }
            log.accept((phantoms.trainPersons().size() + phantoms.validationPersons().size()) + " phantom persons");
        }
        if (validation.isEmpty() || train.isEmpty()) {
            throw new CovidctException(out, "the training set has no " + (train.isEmpty() ? "training" : "validation")
                    + " slices (too few series or slices with lung)");
        }
        Comparator<LabelledSlice> byName = Comparator.comparing(LabelledSlice::filename);
        List<LabelledSlice> t = new ArrayList<>(train);
        List<LabelledSlice> v = new ArrayList<>(validation);
        t.sort(byName);
        v.sort(byName);
        FoldCsv.write(flat.resolve("train1.csv"), t);
        FoldCsv.write(flat.resolve("validation1.csv"), v);
        FoldCsv.write(flat.resolve("test1.csv"), v);
        return new Summary(counts[0], t.size(), v.size(), counts[1], counts[2], counts[3], perPerson);
    }

    private List<Background> realBackgrounds(LabelledSeries s, int personIndex) {
        Series series = SeriesLoader.open(s.dir());
        List<SliceSource> sources = series.slices();
        List<Background> out = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, sources.size()).parallel().forEach(i -> {
            SliceSource src = sources.get(i);
            double spacing = spacingOf(src);
            int instance = instanceOf(src, i);
            boolean infected = s.labels() != null && s.labels().of(instance).map(SliceLabel::infected).orElse(false);
            CtSlice slice = src.read();
            boolean validation = validationShare > 0 && phantoms == null
                    && new Random(mix(seed, personIndex, instance, -1)).nextDouble() < validationShare;
            out.add(new Background(s.name(), s.person(), slice, spacing, instance, infected, validation));
        });
        List<Background> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(Background::instance));
        return sorted;
    }

    /**
     * A phantom's slices as backgrounds; for a COVID phantom, each slice showing its own lesions is written at once
     * as a positive with the generator's lesion mask, and its lesion-free twin becomes the background.
     */
    private List<Background> phantomBackgrounds(PhantomPatient p, boolean validation, Path flat, Path masks,
                                                List<LabelledSlice> part, int[] counts) {
        int n = p.series().get(0).sliceCount();
        List<Background> out = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, n).parallel().forEach(i -> {
            PhantomSlice own = p.render(0, i, true);
            CtSlice background = own.slice();
            if (p.covid()) {
                PhantomSlice twin = p.render(0, i, false);
                background = twin.slice();
                if (own.lesionPixels() > 0) {
                    String name = p.id() + "_" + String.format("%04d", i + 1) + "_own.tif";
                    TiffSlices.write(flat.resolve(name), own.slice(), TiffSlices.Compression.LZW);
                    short[] mv = new short[own.lesionMask().length];
                    for (int k = 0; k < mv.length; k++) {
                        mv[k] = (short) (own.lesionMask()[k] != 0 ? 1 : 0);
                    }
                    TiffSlices.write(masks.resolve(name), new CtSlice(own.slice().width(), own.slice().height(), mv,
                            name), TiffSlices.Compression.LZW);
                    part.add(new LabelledSlice(name, ClassLabel.COVID));
                    count(counts, 1, 1, 0);
                }
            }
            out.add(new Background(p.id(), PersonClass.NORMAL, background, p.pixelSpacingMm(), i + 1, false,
                    validation));
        });
        List<Background> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(Background::instance));
        return sorted;
    }

    private void emit(List<Background> backgrounds, Path flat, Path masks, List<LabelledSlice> train,
                      List<LabelledSlice> validation, int[] counts) {
        backgrounds.parallelStream().forEach(b -> {
            LungMask lungs = LungSegmentation.of(b.slice(), b.spacingMm());
            if (lungs.areaCm2() < minLungCm2) {
                return;
            }
            List<LabelledSlice> part = b.validation() ? validation : train;
            if (b.infected()) {
                if (b.personClass() != PersonClass.COVID) {
                    return;
                }
                String name = b.stem() + "_real.tif";
                TiffSlices.write(flat.resolve(name), b.slice(), TiffSlices.Compression.LZW);
                for (int v = 0; v < pairs; v++) {
                    part.add(new LabelledSlice(name, ClassLabel.COVID));
                }
                count(counts, 1, 0, 1);
                return;
            }
            long personHash = b.person().hashCode();
            for (int v = 0; v < pairs; v++) {
                Random rng = new Random(mix(seed, personHash, b.instance(), v));
                LungCanvas negative = new LungCanvas(b.slice(), lungs);
                if (v > 0) {
                    lookAlikes(negative, rng, lobarNegatives);
                }
                write(flat, masks, b.stem() + "_" + v + "n.tif", negative, part, ClassLabel.NORMAL);
                LungCanvas positive = new LungCanvas(b.slice(), lungs);
                int lesions = 1 + rng.nextInt(4);
                synthesizer.covidPattern(positive, rng, lesions);
                if (rng.nextDouble() < 0.3) {
                    lookAlikes(positive, rng, false);
                }
                if (positive.lesionMask().count() == 0) {
                    continue;
                }
                write(flat, masks, b.stem() + "_" + v + "p.tif", positive, part, ClassLabel.COVID);
                count(counts, 1, 1, 0);
            }
            count(counts, pairs, 0, 0);
        });
    }

    private void lookAlikes(LungCanvas c, Random rng, boolean lobar) {
        if (rng.nextDouble() < 0.5) {
            synthesizer.dependentDensity(c, rng);
        }
        if (rng.nextDouble() < 0.3) {
            synthesizer.atelectasisBand(c, rng);
        }
        if (lobar && rng.nextDouble() < 0.15) {
            synthesizer.lobarConsolidation(c, rng);
        }
    }

    private static void write(Path flat, Path masks, String name, LungCanvas c, List<LabelledSlice> part,
                              ClassLabel label) {
        CtSlice slice = c.toSlice(name);
        TiffSlices.write(flat.resolve(name), slice, TiffSlices.Compression.LZW);
        boolean[] m = c.lesionMask().cells();
        short[] mv = new short[m.length];
        for (int i = 0; i < m.length; i++) {
            mv[i] = (short) (m[i] ? 1 : 0);
        }
        TiffSlices.write(masks.resolve(name), new CtSlice(c.width(), c.height(), mv, name), TiffSlices.Compression.LZW);
        part.add(new LabelledSlice(name, label));
    }

    private static synchronized void count(int[] counts, int files, int positives, int realPositives) {
        counts[0] += files;
        counts[1] += positives;
        counts[2] += files - positives;
        counts[3] += realPositives;
    }

    /** The pixel side from the DICOM header; slices without one (TIFF) are taken at COVID-CTset's usual 0.7 mm. */
    static double spacingOf(SliceSource src) {
        try {
            DicomHeader h = DicomSeries.headerOf(src);
            double[] ps = h.pixelSpacing();
            if (ps != null && ps.length > 0 && ps[0] > 0) {
                return ps[0];
            }
        } catch (RuntimeException notDicom) {
            // a TIFF slice: no header
        }
        return DEFAULT_SPACING_MM;
    }

    static int instanceOf(SliceSource src, int index) {
        try {
            Integer n = DicomSeries.headerOf(src).instanceNumber();
            if (n != null) {
                return n;
            }
        } catch (RuntimeException notDicom) {
            // TIFF: sweep order
        }
        return index + 1;
    }

    /** A 512 matrix over the 360 mm field of view that chest CT usually reconstructs. */
    public static final double DEFAULT_SPACING_MM = 0.7;

    static long mix(long seed, long a, long b, long c) {
        long h = seed;
        for (long v : new long[] {a, b, c}) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
        }
        return h;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Builder of a {@link LesionTrainingSet}. */
    public static final class Builder {
        private Path out;
        private long seed = 1;
        private final List<LabelledSeries> real = new ArrayList<>();
        private Phantoms phantoms;
        private int pairs = 2;
        private double minLungCm2 = 30;
        private boolean lobarNegatives = true;
        private double validationShare = 0.12;
        private FindingSynthesizer synthesizer = FindingSynthesizer.standard();
        private Consumer<String> log = s -> { };

        private Builder() {
        }

        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder addRealSeries(List<LabelledSeries> series) {
            this.real.addAll(series);
            return this;
        }

        /** Phantom persons as further backgrounds; validation then takes the validation persons only. */
        public Builder optPhantoms(Phantoms phantoms) {
            this.phantoms = phantoms;
            return this;
        }

        /** Negative/positive pairs drawn per background slice (default 2). */
        public Builder optPairs(int pairs) {
            if (pairs < 1) {
                throw new IllegalArgumentException("pairs " + pairs);
            }
            this.pairs = pairs;
            return this;
        }

        /** Slices with less lung than this are skipped (default 30 cm^2: the tips of apex and bases). */
        public Builder optMinLungCm2(double cm2) {
            this.minLungCm2 = cm2;
            return this;
        }

        /** Whether negatives may carry a lobar consolidation (a bacterial pneumonia; default true). */
        public Builder optLobarNegatives(boolean lobar) {
            this.lobarNegatives = lobar;
            return this;
        }

        /** Share of real slices held for validation when there are no phantom validation persons (default 0.12). */
        public Builder optValidationShare(double share) {
            this.validationShare = share;
            return this;
        }

        public Builder optSynthesizer(FindingSynthesizer synthesizer) {
            this.synthesizer = synthesizer;
            return this;
        }

        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        public LesionTrainingSet build() {
            if (out == null) {
                throw new IllegalStateException("setOut is required");
            }
            if (real.isEmpty() && phantoms == null) {
                throw new IllegalStateException("no backgrounds: add real series or phantoms");
            }
            return new LesionTrainingSet(this);
        }
    }
}
