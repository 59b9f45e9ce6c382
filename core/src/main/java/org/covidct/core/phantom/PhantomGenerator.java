package org.covidct.core.phantom;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates synthetic chest-CT patients in the COVID-CTset convention (see docs/PHANTOMS.md).
 *
 * <pre>{@code
 * PhantomGenerator gen = PhantomGenerator.builder().setSeed(42).optSize(128).build();
 * PhantomPatient p = gen.patient(0);
 * PhantomSlice s = p.render(0, 20);   // SR_2, 21st slice
 * }</pre>
 *
 * <p>Patient {@code i} depends only on the master seed and {@code i} (not on how many patients are
 * generated), and whether it is a COVID-19 patient follows {@link #isCovid(int)}.
 */
public final class PhantomGenerator {

    /** Slice-thickness triples (SR_2, SR_3, SR_4) and how many COVID-CTset patients have them. */
    private static final double[][] THICKNESS_TRIPLES = {
            {6, 5, 5}, {6, 1.5, 1.5}, {6, 6, 6}, {5, 5, 1.5}, {6, 8, 6}, {4, 6, 1.5}, {5, 6, 6}, {6, 1.5, 6},
            {6, 6, 5}, {6, 6, 1.5}, {6, 8, 8}, {6, 8, 1.5}, {5, 6, 8}, {5, 5, 5}, {1.5, 1.5, 1.5}};
    private static final int[] TRIPLE_COUNTS = {114, 76, 44, 39, 28, 11, 10, 7, 6, 5, 3, 3, 3, 3, 3};
    private static final String[] SERIES_NAMES = {"SR_2", "SR_3", "SR_4"};

    private final long seed;
    private final int size;
    private final double covidFraction;
    private final double[] thicknesses;

    private PhantomGenerator(Builder b) {
        this.seed = b.seed;
        this.size = b.size;
        this.covidFraction = b.covidFraction;
        this.thicknesses = b.thicknesses;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public int size() {
        return size;
    }

    public double covidFraction() {
        return covidFraction;
    }

    /**
     * Whether patient {@code index} has COVID-19: exactly the first {@code floor((index+1) * fraction)}
     * patients of any cohort prefix are positive, spread evenly, so any N holds the requested share.
     */
    public boolean isCovid(int index) {
        return Math.floor((index + 1) * covidFraction + 1e-9) > Math.floor(index * covidFraction + 1e-9);
    }

    public PhantomPatient patient(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("patient index " + index);
        }
        long ps = Seeds.mix(seed, index);
        SplittableRandom r = new SplittableRandom(ps);
        SplittableRandom demo = r.split();
        SplittableRandom anatomyRandom = r.split();
        SplittableRandom lesionRandom = r.split();
        boolean covid = isCovid(index);
        char sex = demo.nextBoolean() ? 'M' : 'F';
        int age = covid ? 25 + demo.nextInt(61) : 18 + demo.nextInt(63);
        LocalDate date = LocalDate.of(2020, 3, 1).plusDays(demo.nextInt(61));
        double[] t = thicknesses != null ? thicknesses : drawTriple(demo);
        Anatomy anatomy = new Anatomy(anatomyRandom, sex == 'F');
        if (covid) {
            LesionPlanner.plan(anatomy, lesionRandom);
        }
        List<PhantomSeries> series = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            int n = Math.max(8, (int) Math.round(anatomy.sweepMm / t[k]));
            // the thinnest series is usually the sharp lung kernel in the real metadata
            boolean sharp = k == 0 || t[k] <= 2;
            series.add(new PhantomSeries(SERIES_NAMES[k], t[k], sharp, n));
        }
        return new PhantomPatient(index, covid, sex, age, date, anatomy, series, size, ps);
    }

    private static double[] drawTriple(SplittableRandom r) {
        int total = 0;
        for (int c : TRIPLE_COUNTS) {
            total += c;
        }
        int pick = r.nextInt(total);
        for (int i = 0; i < TRIPLE_COUNTS.length; i++) {
            pick -= TRIPLE_COUNTS[i];
            if (pick < 0) {
                return THICKNESS_TRIPLES[i].clone();
            }
        }
        throw new AssertionError();
    }

    /**
     * A slice of normal patient {@code index}'s anatomy at {@code zRel} of its lung length with exactly
     * one ground-glass lesion centred at pixel ({@code x}, {@code y}) of a {@code size()} image.
     *
     * @param radiusPx in-plane radius of the lesion, pixels of this size
     * @param peak     value reached inside the lesion (HU + 1024), for example 550
     * @throws IllegalArgumentException when the centre is not in the lung at that level
     */
    public PhantomSlice singleLesionSlice(int index, double zRel, double x, double y, double radiusPx, float peak) {
        PhantomPatient p = patient(index);
        Anatomy an = p.anatomy();
        double scale = size / 512.0;
        double rx = (x + 0.5) / scale;
        double ry = (y + 0.5) / scale;
        double z = an.lungTopZ + zRel * an.lungLength;
        if (!an.isLung(rx, ry, z)) {
            throw new IllegalArgumentException("(" + x + ", " + y + ") is not in the lung at " + zRel + " of its length");
        }
        double a = radiusPx / scale;
        double[] texture = {3, 3.5, 4, 0.5, 1.5, 2.5};
        Lesion l = new Lesion(Lesion.Kind.GROUND_GLASS, rx < an.mx ? 0 : 1, rx, ry, z, a, a, a * an.mmPerPx, 0,
                peak, peak, texture);
        return SliceRenderer.render(an, List.of(l), z, 2.0, size, 18, Seeds.mix(p.seed(), 77), p.id() + "/lesion-probe");
    }

    /**
     * As {@link #singleLesionSlice(int, double, double, double, double, float)} with the lesion placed
     * automatically in the posterior periphery of the patient's right lung at mid-height.
     */
    public PhantomSlice singleLesionSlice(int index) {
        PhantomPatient p = patient(index);
        Anatomy an = p.anatomy();
        double zRel = 0.55;
        Lesion l = LesionPlanner.place(an, new SplittableRandom(Seeds.mix(p.seed(), 78)), 0, false, zRel);
        if (l == null) {
            throw new IllegalStateException("no room for a lesion in patient " + index);
        }
        double scale = size / 512.0;
        double radius = Math.max(l.a(), 14) * scale;
        return singleLesionSlice(index, zRel, l.x() * scale - 0.5, l.y() * scale - 0.5, radius, 560);
    }

    /** Builds a {@link PhantomGenerator}: the seed is required. */
    public static final class Builder {
        private Long seedValue;
        private long seed;
        private int size = 512;
        private double covidFraction = 0.5;
        private double[] thicknesses;

        private Builder() {
        }

        public Builder setSeed(long seed) {
            this.seed = seed;
            this.seedValue = seed;
            return this;
        }

        /** Image width and height in pixels (default 512); anatomy is scaled to it. */
        public Builder optSize(int size) {
            if (size < 32 || size > 2048) {
                throw new IllegalArgumentException("phantom size " + size + " is outside 32..2048");
            }
            this.size = size;
            return this;
        }

        /** Share of COVID-19 patients (default 0.5; COVID-CTset has 95 of 377, about 0.25). */
        public Builder optCovidFraction(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("COVID fraction " + fraction + " is outside 0..1");
            }
            this.covidFraction = fraction;
            return this;
        }

        /** Fixed slice thicknesses (mm) of SR_2, SR_3, SR_4 for every patient, instead of the real mix. */
        public Builder optThicknesses(double sr2, double sr3, double sr4) {
            for (double t : new double[] {sr2, sr3, sr4}) {
                if (!(t >= 0.5 && t <= 20)) {
                    throw new IllegalArgumentException("slice thickness " + t + " mm is outside 0.5..20");
                }
            }
            this.thicknesses = new double[] {sr2, sr3, sr4};
            return this;
        }

        public PhantomGenerator build() {
            if (seedValue == null) {
                throw new IllegalStateException("PhantomGenerator needs setSeed");
            }
            return new PhantomGenerator(this);
        }
    }
}
